// A service's process: what every composition root does around its own assembly.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { z } from "zod";
import type { ConfigSchema } from "../config/index.ts";
import { loadConfig } from "../config/index.ts";
import type { ReadinessCheck, ShutdownStep } from "../http/index.ts";
import { createGracefulShutdown, exitOnSignals, readiness } from "../http/index.ts";
import type { Logger } from "../log/index.ts";
import { createLogger } from "../log/index.ts";
import type { KafkaClient } from "../messaging/index.ts";
import { createKafkaClient } from "../messaging/index.ts";
import type { Database } from "../mongo/index.ts";
import { connectDatabase } from "../mongo/index.ts";
import type { Telemetry } from "../telemetry/index.ts";
import { createTelemetry } from "../telemetry/index.ts";

/** The settings `runService` reads itself; a service's schema has them among its own. */
interface ServiceSettings {
  PORT: number;
  LOG_LEVEL: string;
  MONGO_URL: string;
  MONGO_DATABASE: string;
  KAFKA_BROKERS: string[];
  SHUTDOWN_TIMEOUT_MS: number;
}

/** What the runtime gives a service's assembly. */
export interface ServiceContext<C, P> {
  config: C;
  /** What `prepare` read. */
  prepared: P;
  logger: Logger;
  database: Database;
  kafka: KafkaClient;
  telemetry: Telemetry;
  /** Readiness checks that include "not shutting down": the assembly adds its own to them. */
  readiness: ReadinessCheck[];
}

/** What a service's assembly gives back to be run. */
export interface RunnableService {
  app: Express;
  /** Starts its background work (consumers, relay, jobs) before the port opens. */
  start(): Promise<void>;
  /** In order, after the HTTP server has drained; closing the database comes after them. */
  shutdownSteps: ShutdownStep[];
}

/**
 * Runs a service as a process (ARCHITECTURE.md §5): reads and validates its environment, lets
 * `prepare` read the files it points at, creates the logger, database connection, Kafka client and
 * metrics, lets `assemble` build the service, starts it, listens, and shuts down gracefully on
 * SIGTERM/SIGINT — the service's own steps, then the database — within SHUTDOWN_TIMEOUT_MS.
 */
export async function runService<S extends ConfigSchema, P = undefined>(options: {
  name: string;
  configSchema: S;
  /**
   * Reads what the configuration points at (key sets, unit lists) before connecting anywhere,
   * so a bad file is reported as the configuration error it is, not hidden behind a connection.
   */
  prepare?(config: z.infer<S>): Promise<P>;
  assemble(context: ServiceContext<z.infer<S>, P>): Promise<RunnableService>;
}): Promise<{ server: Server; logger: Logger }> {
  const config = loadConfig(options.configSchema) as z.infer<S> & ServiceSettings;
  const prepared = (await options.prepare?.(config)) as P;
  const logger = createLogger({ service: options.name, level: config.LOG_LEVEL });
  const database = await connectDatabase(config.MONGO_URL, config.MONGO_DATABASE);
  const kafka = createKafkaClient({
    clientId: options.name,
    brokers: config.KAFKA_BROKERS,
    logger,
  });

  // Readiness asks the shutdown, which needs the server, which needs the assembled app.
  let shutdown: ReturnType<typeof createGracefulShutdown> | undefined;
  const service = await options.assemble({
    config,
    prepared,
    logger,
    database,
    kafka,
    telemetry: createTelemetry(options.name),
    readiness: [readiness.accepting(() => shutdown?.shuttingDown ?? false)],
  });
  await service.start();

  const server = service.app.listen(config.PORT);
  await new Promise((resolve) => server.once("listening", resolve));
  shutdown = createGracefulShutdown({
    server,
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    steps: [...service.shutdownSteps, { name: "close the database", run: () => database.close() }],
  });
  exitOnSignals(shutdown, logger);
  logger.info({ port: (server.address() as AddressInfo).port }, `${options.name} listening`);
  return { server, logger };
}

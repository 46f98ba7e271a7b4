// A service's process: what every composition root does around its own assembly.
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { z } from "zod";
import type { ConfigSchema } from "../config/index.ts";
import { loadConfig } from "../config/index.ts";
import type { GracefulShutdown, ShutdownStep } from "../http/index.ts";
import {
  createGracefulShutdown,
  createMetricsApp,
  exitOnSignals,
  readiness,
} from "../http/index.ts";
import type { Logger } from "../log/index.ts";
import type { Telemetry } from "../telemetry/index.ts";
import type { AssembledService } from "./parts.ts";
import type { RuntimeSettings, ServiceRuntime } from "./runtime.ts";
import { connectServiceRuntime } from "./runtime.ts";

export type { AssembledService, ServicePart } from "./parts.ts";
export { composeService } from "./parts.ts";
export type { RuntimeSettings, ServiceRuntime } from "./runtime.ts";
export { connectServiceRuntime, createServiceApp } from "./runtime.ts";

/**
 * Runs a service as a process (docs/architecture.md §5, §8): reads and validates its environment
 * (every bad variable named), lets `prepare` read the files it points at, connects the runtime,
 * lets `assemble` build the service, starts it, listens on PORT, and on SIGTERM or SIGINT stops
 * accepting, drains requests, stops the service and closes the database within
 * SHUTDOWN_TIMEOUT_MS.
 */
export async function runService<S extends ConfigSchema, Prepared = undefined>(options: {
  name: string;
  configSchema: S;
  /**
   * Reads what the configuration points at (key sets, unit lists) before connecting anywhere,
   * so a bad file is reported as the configuration error it is, not hidden behind a connection.
   */
  prepare?(config: z.infer<S>): Promise<Prepared>;
  assemble(
    runtime: ServiceRuntime<z.infer<S> & RuntimeSettings>,
    prepared: Prepared,
  ): Promise<AssembledService>;
}) {
  const config = loadConfig(options.configSchema) as z.infer<S> &
    RuntimeSettings & { HOST: string; PORT: number; METRICS_PORT: number };
  const prepared = (await options.prepare?.(config)) as Prepared;
  // Readiness asks the shutdown, which needs the server, which needs the assembled app.
  let shutdown: GracefulShutdown | undefined;
  const runtime = await connectServiceRuntime({
    name: options.name,
    config,
    readiness: [readiness.accepting(() => shutdown?.shuttingDown ?? false)],
  });
  const { logger } = runtime;
  const service = await options.assemble(runtime, prepared);
  await service.start();

  const { server } = await serveProcess({
    name: options.name,
    app: service.app,
    config,
    logger,
    telemetry: runtime.telemetry,
    beforeDrain: () => service.beforeDrain(),
    steps: [
      { name: "stop the service", run: () => service.stop() },
      { name: "close the database", run: () => runtime.close() },
    ],
    shutdown: (created) => {
      shutdown = created;
    },
  });
  return { server, logger };
}

/**
 * Serves an app as a process: listens on PORT and HOST, serves /metrics on METRICS_PORT, and on
 * SIGTERM or SIGINT stops accepting, drains requests and runs `steps` within SHUTDOWN_TIMEOUT_MS;
 * logs "<name> listening" once it listens. `runService` serves a service with it; an app without
 * a database of its own (the web app) calls it directly.
 */
export async function serveProcess(options: {
  name: string;
  app: Express;
  config: { HOST: string; PORT: number; METRICS_PORT: number; SHUTDOWN_TIMEOUT_MS: number };
  logger: Logger;
  telemetry: Telemetry;
  beforeDrain?: () => void;
  steps?: ShutdownStep[];
  /** Given the shutdown as soon as it exists (readiness reports it). */
  shutdown?: (shutdown: GracefulShutdown) => void;
}) {
  const { config, logger } = options;
  const server = options.app.listen(config.PORT, config.HOST);
  await new Promise((resolve) => server.once("listening", resolve));
  const metricsServer = createMetricsApp(options.telemetry).listen(
    config.METRICS_PORT,
    config.HOST,
  );
  await new Promise((resolve) => metricsServer.once("listening", resolve));
  const shutdown = createGracefulShutdown({
    server,
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    ...(options.beforeDrain ? { beforeDrain: options.beforeDrain } : {}),
    steps: [
      ...(options.steps ?? []),
      {
        name: "close /metrics",
        run: () => new Promise<void>((resolve) => metricsServer.close(() => resolve())),
      },
    ],
  });
  options.shutdown?.(shutdown);
  exitOnSignals(shutdown, logger);
  logger.info(
    {
      host: config.HOST,
      metricsPort: (metricsServer.address() as AddressInfo).port,
      port: (server.address() as AddressInfo).port,
    },
    `${options.name} listening`,
  );
  return { server, shutdown };
}

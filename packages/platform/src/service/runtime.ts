import type { Express, RequestHandler } from "express";
import mongoose from "mongoose";
import type { HttpAppOptions, ReadinessCheck } from "../http/app.ts";
import { createHttpApp } from "../http/app.ts";
import { databaseUnavailable, sendProblem } from "../http/problem.ts";
import { readiness } from "../http/readiness.ts";
import type { Logger } from "../log/index.ts";
import { createLogger } from "../log/index.ts";
import type { KafkaClient } from "../messaging/kafka.ts";
import { createKafkaClient } from "../messaging/kafka.ts";
import type { Database } from "../mongo/connection.ts";
import { connectDatabase } from "../mongo/connection.ts";
import type { Telemetry } from "../telemetry/index.ts";
import { createTelemetry } from "../telemetry/index.ts";

/** The settings the runtime reads; the config fragments `service`, `mongo` and `kafka` hold them. */
export interface RuntimeSettings {
  LOG_LEVEL: string;
  MONGO_URL: string;
  MONGO_DATABASE: string;
  KAFKA_BROKERS: string[];
  TOPIC_PREFIX: string;
  SHUTDOWN_TIMEOUT_MS: number;
}

/** What a service is assembled from: its configuration and its connections. */
export interface ServiceRuntime<Config extends RuntimeSettings = RuntimeSettings> {
  name: string;
  config: Config;
  logger: Logger;
  database: Database;
  /** Kafka under the configured topic prefix. */
  kafka: KafkaClient;
  telemetry: Telemetry;
  /** Checks the assembly adds its own to (runService adds "not shutting down"). */
  readiness: ReadinessCheck[];
  /** Closes the database connection, after the service has stopped. */
  close(): Promise<void>;
}

/**
 * Connects what a service runs on, as configured: the logger, its database, a Kafka client
 * under the topic prefix and its telemetry. `runService` uses it for a process; tests use it to
 * assemble replicas of a service in-process, wired exactly as in production.
 */
export async function connectServiceRuntime<Config extends RuntimeSettings>(options: {
  name: string;
  config: Config;
  /** Given by tests that read or silence the log; JSON to stdout at LOG_LEVEL otherwise. */
  logger?: Logger;
  readiness?: ReadinessCheck[];
}): Promise<ServiceRuntime<Config>> {
  const { name, config } = options;
  const logger = options.logger ?? createLogger({ service: name, level: config.LOG_LEVEL });
  const database = await connectDatabase(config.MONGO_URL, config.MONGO_DATABASE);
  return {
    name,
    config,
    logger,
    database,
    kafka: createKafkaClient({
      clientId: name,
      brokers: config.KAFKA_BROKERS,
      logger,
      topicPrefix: config.TOPIC_PREFIX,
    }),
    telemetry: createTelemetry(name),
    readiness: options.readiness ?? [],
    close: () => database.close(),
  };
}

/**
 * The HTTP app of a service on its runtime: its logger and telemetry, readiness of its database,
 * the runtime's own checks (not shutting down) and the service's, and its routes.
 */
export function createServiceApp(
  runtime: Pick<ServiceRuntime, "logger" | "telemetry" | "database" | "readiness">,
  options: Omit<HttpAppOptions, "logger" | "telemetry" | "readiness"> & {
    /** Checks beside the database's and the runtime's: Kafka, consumers joined. */
    readiness?: ReadinessCheck[];
  },
): Express {
  const { readiness: checks = [], admission, ...rest } = options;
  // While the database is known to be unreachable, requests are answered 503 at once instead of
  // each waiting out the driver's server selection; the probes still answer.
  const database = runtime.database.connection;
  const gate: RequestHandler = (req, res, next) => {
    if (database.readyState !== mongoose.ConnectionStates.connected) {
      sendProblem(req, res, databaseUnavailable());
      return;
    }
    if (admission) admission(req, res, next);
    else next();
  };
  return createHttpApp({
    ...rest,
    admission: gate,
    logger: runtime.logger,
    telemetry: runtime.telemetry,
    readiness: [readiness.database(runtime.database), ...checks, ...runtime.readiness],
  });
}

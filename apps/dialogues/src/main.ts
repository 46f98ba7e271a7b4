// The composition root: read config, connect, assemble, listen, shut down gracefully.
import type { AddressInfo } from "node:net";
import { loadConfig } from "@danvan/platform/config";
import {
  createGracefulShutdown,
  createTokenVerifier,
  exitOnSignals,
  jwksFrom,
  readiness,
} from "@danvan/platform/http";
import { createLogger } from "@danvan/platform/log";
import { createKafkaClient } from "@danvan/platform/messaging";
import { createMetrics } from "@danvan/platform/metrics";
import { connectDatabase } from "@danvan/platform/mongo";
import { assembleDialogues } from "./assemble.ts";
import { configSchema } from "./config.ts";

const config = loadConfig(configSchema);
const jwks = await jwksFrom({ url: config.JWT_JWKS_URL, file: config.JWT_JWKS_FILE });
const logger = createLogger({ service: "dialogues", level: config.LOG_LEVEL });
const database = await connectDatabase(config.MONGO_URL, config.MONGO_DATABASE);
const kafka = createKafkaClient({ clientId: "dialogues", brokers: config.KAFKA_BROKERS, logger });

let shutdown: ReturnType<typeof createGracefulShutdown> | undefined;
const dialogues = await assembleDialogues({
  config,
  database,
  kafka,
  verify: createTokenVerifier({ jwks, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
  logger,
  metrics: createMetrics("dialogues"),
  readiness: [readiness.accepting(() => shutdown?.shuttingDown ?? false)],
});
await dialogues.start();

const server = dialogues.app.listen(config.PORT);
await new Promise((resolve) => server.once("listening", resolve));
shutdown = createGracefulShutdown({
  server,
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    {
      name: "stop the jobs",
      run: async () => {
        dialogues.receptionCheck.stop();
        await dialogues.deadlines.stop();
      },
    },
    {
      name: "flush the outbox",
      // Two thirds of the budget, so the steps after it still fit. Events left unpublished stay
      // in their documents and go out at the next start: nothing is lost.
      run: async () => {
        const flushed = await dialogues.relay.flush(
          Math.floor((config.SHUTDOWN_TIMEOUT_MS * 2) / 3),
        );
        if (!flushed)
          logger.warn("outbox not empty at shutdown; the next start publishes the rest");
      },
    },
    { name: "stop the relay", run: () => dialogues.relay.stop() },
    { name: "disconnect from Kafka", run: () => dialogues.producer.disconnect() },
    { name: "close the database", run: () => database.close() },
  ],
});
exitOnSignals(shutdown, logger);
logger.info({ port: (server.address() as AddressInfo).port }, "dialogues listening");

// The composition root: read config, connect, assemble, listen, shut down gracefully.
import type { AddressInfo } from "node:net";
import { loadConfig } from "@danvan/platform/config";
import { createGracefulShutdown, exitOnSignals, readiness } from "@danvan/platform/http";
import { createLogger } from "@danvan/platform/log";
import { createKafkaClient } from "@danvan/platform/messaging";
import { createMetrics } from "@danvan/platform/metrics";
import { connectDatabase } from "@danvan/platform/mongo";
import { ensureFirstAdministrator } from "./application/first-administrator.ts";
import { assembleGateway } from "./assemble.ts";
import { configSchema } from "./config.ts";
import { loadUnits } from "./units.ts";

const config = loadConfig(configSchema);
const logger = createLogger({ service: "gateway", level: config.LOG_LEVEL });
const units = await loadUnits(config.UNITS_FILE);
const database = await connectDatabase(config.MONGO_URL, config.MONGO_DATABASE);
const kafka = createKafkaClient({ clientId: "gateway", brokers: config.KAFKA_BROKERS, logger });

let shutdown: ReturnType<typeof createGracefulShutdown> | undefined;
const gateway = await assembleGateway({
  config,
  database,
  kafka,
  units,
  logger,
  metrics: createMetrics("gateway"),
  readiness: [readiness.accepting(() => shutdown?.shuttingDown ?? false)],
});

const first = await ensureFirstAdministrator({
  users: gateway.users,
  audit: gateway.audit,
  username: config.ADMIN_USERNAME,
  password: config.ADMIN_PASSWORD,
  passwordCost: config.PASSWORD_HASH_COST,
  now: new Date(),
});
if (first) {
  logger.warn({ username: first.username }, "first administrator created");
  // Printed once, to the terminal only: a password never goes into the logs.
  if (first.generatedPassword) {
    process.stderr.write(
      `\nFirst administrator: ${first.username}  password: ${first.generatedPassword}\n` +
        "Change it after the first login (POST /api/v1/auth/password).\n\n",
    );
  }
}

await gateway.start();
const server = gateway.app.listen(config.PORT);
await new Promise((resolve) => server.once("listening", resolve));
shutdown = createGracefulShutdown({
  server,
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    { name: "stop consuming and the live streams", run: () => gateway.stop() },
    { name: "close the database", run: () => database.close() },
  ],
});
exitOnSignals(shutdown, logger);
logger.info({ port: (server.address() as AddressInfo).port }, "gateway listening");

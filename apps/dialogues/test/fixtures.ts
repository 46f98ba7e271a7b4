// Wiring for the dialogues tests: the service assembled as in production, on the file's own
// database and topics, with a token issuer of the test's own.
import type { AddressInfo } from "node:net";
import { loadConfig } from "@danvan/platform/config";
import { createLogger } from "@danvan/platform/log";
import { connectServiceRuntime } from "@danvan/platform/service";
import type { TestScope } from "@danvan/testing";
import { createTokenIssuer, jsonClient, testPersonalDataKeys } from "@danvan/testing";
import { createUnitRegistry, sampleUnitDataset } from "@danvan/vietnam/units";
import type { ReceivedPetition } from "../src/application/petitions.ts";
import { assembleDialogues } from "../src/assemble.ts";
import { configSchema } from "../src/config.ts";
import { registerTestAgencies } from "./test-agencies.ts";

/** One replica of the service: its own connections, sharing the file's database and topics. */
export async function dialoguesInstance(
  scope: TestScope,
  options: { now?: () => Date; relay?: boolean; env?: Record<string, string> } = {},
) {
  const tokens = await createTokenIssuer();
  const config = loadConfig(configSchema, {
    MONGO_URL: scope.mongoUrl,
    MONGO_DATABASE: scope.databaseName,
    KAFKA_BROKERS: scope.kafkaBrokers.join(","),
    TOPIC_PREFIX: scope.topicPrefix,
    PERSONAL_DATA_KEYS: testPersonalDataKeys(),
    JWT_ISSUER: tokens.issuer,
    // Tokens are checked with the test's own key set (below); this address is never fetched.
    JWT_JWKS_URL: "http://127.0.0.1:9/jwks.json",
    DEADLINE_SWEEP_MS: "200",
    OUTBOX_POLL_MS: "200",
    // What is still in the outbox at close is published within 2 s, or left for the next start.
    SHUTDOWN_TIMEOUT_MS: "3000",
    ...options.env,
  });
  const logger = createLogger({
    service: "dialogues-test",
    level: process.env.LOG_LEVEL ?? "silent",
  });
  const runtime = await connectServiceRuntime({ name: "dialogues", config, logger });
  await registerTestAgencies(runtime.database);
  const dialogues = await assembleDialogues(runtime, {
    verify: tokens.verify,
    units: createUnitRegistry(sampleUnitDataset),
    ...(options.now ? { now: options.now } : {}),
  });
  // Jobs start where a test says so (deadlines.start(), runNow()).
  await dialogues.start({
    without: ["deadlines", "reception-check", ...(options.relay === false ? ["outbox"] : [])],
  });
  return {
    ...dialogues,
    logger,
    tokens,
    database: runtime.database,
    async close() {
      await dialogues.deadlines.stop();
      await dialogues.receptionCheck.stop();
      await dialogues.stop();
      await runtime.close();
    },
  };
}

/**
 * One replica listening on a port of its own, with a JSON client that signs its calls with a
 * token: for tests of the HTTP API.
 */
export async function servedDialogues(
  scope: TestScope,
  options: Parameters<typeof dialoguesInstance>[1] = {},
) {
  const instance = await dialoguesInstance(scope, options);
  const server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const send = jsonClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    instance,
    call: (method: string, path: string, token: string, body?: unknown) =>
      send(method, path, token, body),
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await instance.close();
    },
  };
}

/** A petition from someone who gave no name, as `receive` takes it, with a fresh id. */
export function anonymousPetition(
  fields: Pick<ReceivedPetition, "unitCode" | "source" | "content"> & Partial<ReceivedPetition>,
): ReceivedPetition {
  return { id: crypto.randomUUID(), petitioner: { anonymous: true }, ...fields };
}

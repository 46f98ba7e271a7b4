// Wiring for the gateway tests: the assembled gateway on the file's own database, listening.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { type DanvanEvent, toKafkaRecord } from "@danvan/contracts";
import { assembleDialogues, type Dialogues } from "@danvan/dialogues/assemble";
import { configSchema as dialoguesConfig } from "@danvan/dialogues/config";
import { loadConfig } from "@danvan/platform/config";
import { tokenVerifierFrom } from "@danvan/platform/http";
import { createLogger } from "@danvan/platform/log";
import {
  createEventProducer,
  createKafkaClient,
  fetchTopicOffsets,
} from "@danvan/platform/messaging";
import { connectDatabase } from "@danvan/platform/mongo";
import { connectServiceRuntime } from "@danvan/platform/service";
import type { TestScope } from "@danvan/testing";
import {
  createTestTopics,
  eventually,
  jsonClient,
  spawnService,
  testPersonalDataKeys,
} from "@danvan/testing";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { createUnitRegistry, sampleUnitDataset } from "@danvan/vietnam/units";
import { registerTestAgencies } from "../../dialogues/test/test-agencies.ts";
import { assembleGateway } from "../src/assemble.ts";
import { configSchema } from "../src/config.ts";
import type { Assignment } from "../src/domain/identity/user.ts";
import { projectedTopics } from "../src/projection/records.ts";

export const ISSUER = "https://gateway.danvan.test";
/** Every test user's password unless a test says otherwise. */
export const PASSWORD = "Rừng-xanh-2026!";

/** The topics a gateway that consumes needs in a file's scope: the services' and its group's. */
const TOPICS = [
  { name: "dialogues.petition.events", partitions: 3 },
  "dialogues.session.events",
  "dialogues.reception-obligation.events",
  "gateway.dlt",
  "gateway.retry",
];

/**
 * The assembled gateway on the file's database, listening on a free port. With `consume`, its
 * consumer group projects the scope's topics (created here); without, only its HTTP side runs.
 */
export async function gatewayInstance(
  scope: TestScope,
  env: Record<string, string> = {},
  options: { consume?: boolean; now?: () => Date; units?: UnitRegistry } = {},
) {
  const config = loadConfig(configSchema, {
    MONGO_URL: scope.mongoUrl,
    MONGO_DATABASE: scope.databaseName,
    KAFKA_BROKERS: scope.kafkaBrokers.join(","),
    TOPIC_PREFIX: scope.topicPrefix,
    JWT_ISSUER: ISSUER,
    // The lowest cost the configuration allows: tests hash many passwords.
    PASSWORD_HASH_MEMORY_KIB: "1024",
    LOGIN_ATTEMPTS_PER_MINUTE: "1000",
    ...env,
  });
  const logger = createLogger({
    service: "gateway-test",
    level: process.env.LOG_LEVEL ?? "silent",
  });
  const runtime = await connectServiceRuntime({ name: "gateway", config, logger });
  const { database } = runtime;
  const gateway = await assembleGateway(runtime, {
    units: options.units ?? createUnitRegistry(sampleUnitDataset),
    sessionCheckCacheMs: 0,
    changePollMs: 50,
    ...(options.now ? { now: options.now } : {}),
  });
  const topics = options.consume ? await createTestTopics(scope, TOPICS) : undefined;
  await gateway.start({ without: options.consume ? [] : [gateway.consumer.name] });
  const server: Server = gateway.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const system = { userId: "test-setup", ip: "127.0.0.1", correlationId: "test" };

  const send = jsonClient(base);
  /** The gateway's answers, with the token pair of a login where there is one. */
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    send<Record<string, unknown> & { accessToken: string; refreshToken: string }>(
      method,
      path,
      token,
      body,
    );

  return {
    ...gateway,
    database,
    base,
    call,
    /** A user made through the administration, with a known password. */
    async user(
      username: string,
      assignments: Omit<Assignment, "validFrom">[] | Assignment[],
      options: { displayName?: string; password?: string; grants?: string[] } = {},
    ) {
      const created = await gateway.admin.create(
        {
          username,
          displayName: options.displayName ?? username,
          password: options.password ?? PASSWORD,
          assignments: assignments.map((a) => ({ validFrom: "2020-01-01T00:00:00.000Z", ...a })),
          grants: options.grants ?? [],
        },
        system,
      );
      return created.user;
    },
    async login(username: string, password = PASSWORD) {
      return call("POST", "/api/v1/auth/login", undefined, { username, password });
    },
    async close() {
      await gateway.stop();
      await topics?.dispose();
      await new Promise((resolve) => server.close(resolve));
      await database.connection.dropDatabase();
      await database.close();
    },
  };
}

/** A port nobody listens on right now, for a service that must be named before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The dialogues service as a process, as operators run it (its built `dist/main.js`), trusting
 * the gateway's JWKS, on the scope's database and topics.
 */
export async function dialoguesProcess(
  scope: TestScope,
  options: { port: number; gateway: string },
) {
  const topics = await createTestTopics(scope, TOPICS);
  const database = await connectDatabase(scope.mongoUrl, `${scope.databaseName}_dialogues`);
  await registerTestAgencies(database);
  await database.close();
  const entry = fileURLToPath(import.meta.resolve("@danvan/dialogues/package.json")).replace(
    /package\.json$/,
    "dist/main.js",
  );
  const run = spawnService(
    entry,
    {
      PORT: String(options.port),
      METRICS_PORT: "0",
      KAFKA_BROKERS: scope.kafkaBrokers.join(","),
      MONGO_URL: scope.mongoUrl,
      MONGO_DATABASE: `${scope.databaseName}_dialogues`,
      TOPIC_PREFIX: scope.topicPrefix,
      JWT_JWKS_URL: `${options.gateway}/.well-known/jwks.json`,
      PERSONAL_DATA_KEYS: testPersonalDataKeys(),
      JWT_ISSUER: ISSUER,
      DEADLINE_SWEEP_MS: "250",
      // The same small sample of units as the gateway of these tests.
      UNITS_FILE: "sample",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    },
    /"msg":"dialogues listening"/,
  );
  await run.started;
  return {
    url: `http://127.0.0.1:${options.port}`,
    topics,
    async stop() {
      await run.stop();
      await topics.dispose();
    },
    kill: () => run.kill(),
  };
}

/** Publishes events to the scope's topics as the dialogues service's relay does. */
export async function eventPublisher(scope: TestScope) {
  const kafka = createKafkaClient({ clientId: "test-publisher", brokers: scope.kafkaBrokers });
  const producer = createEventProducer(kafka);
  await producer.connect();
  return {
    publish: (events: DanvanEvent[]) =>
      producer.publish(
        events.map((envelope) => ({
          topic: `${scope.topicPrefix}.dialogues.${envelope.type.split(".")[3]}.events`,
          ...toKafkaRecord(envelope),
        })),
      ),
    /**
     * Until the gateway's group has handled everything published so far: it commits a batch's
     * offsets once the batch's views and figures are written, so the read models are then final.
     */
    async projected() {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const topics = projectedTopics.map((name) => `${scope.topicPrefix}.${name}`);
        const ends = new Map<string, bigint>();
        for (const topic of topics) {
          for (const p of await fetchTopicOffsets(admin, topic)) {
            ends.set(`${topic}:${p.partition}`, BigInt(p.high));
          }
        }
        await eventually(async () => {
          const committed = await admin.fetchOffsets({
            groupId: `${scope.topicPrefix}.gateway`,
            topics,
          });
          return committed.every(({ topic, partitions }) =>
            partitions.every(
              (p) =>
                BigInt(p.offset === "-1" ? 0 : p.offset) >=
                (ends.get(`${topic}:${p.partition}`) ?? 0n),
            ),
          );
        }, "the gateway group to project everything published");
      } finally {
        await admin.disconnect();
      }
    },
    close: () => producer.disconnect(),
  };
}

/** Polls until `ok` holds (at most 10 s), then returns the last value either way. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}

/**
 * The dialogues service in-process, with a clock the test moves, listening on `port`, trusting
 * the gateway's keys: for scenarios whose time must pass (deadlines, months).
 */
export async function dialoguesReplica(
  scope: TestScope,
  options: { port: number; gateway: string; now: () => Date },
): Promise<Dialogues & { close(): Promise<void> }> {
  const config = loadConfig(dialoguesConfig, {
    MONGO_URL: scope.mongoUrl,
    MONGO_DATABASE: `${scope.databaseName}_dialogues`,
    KAFKA_BROKERS: scope.kafkaBrokers.join(","),
    TOPIC_PREFIX: scope.topicPrefix,
    PERSONAL_DATA_KEYS: testPersonalDataKeys(),
    JWT_ISSUER: ISSUER,
    JWT_JWKS_URL: `${options.gateway}/.well-known/jwks.json`,
    DEADLINE_SWEEP_MS: "200",
    RECEPTION_CHECK_MS: "200",
    OUTBOX_POLL_MS: "200",
  });
  const runtime = await connectServiceRuntime({
    name: "dialogues",
    config,
    logger: createLogger({ service: "dialogues-e2e", level: process.env.LOG_LEVEL ?? "silent" }),
  });
  await registerTestAgencies(runtime.database);
  const dialogues = await assembleDialogues(runtime, {
    verify: await tokenVerifierFrom(config),
    units: createUnitRegistry(sampleUnitDataset),
    now: options.now,
  });
  await dialogues.start();
  const server: Server = dialogues.app.listen(options.port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    ...dialogues,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await dialogues.stop();
      await runtime.database.connection.dropDatabase();
      await runtime.close();
    },
  };
}

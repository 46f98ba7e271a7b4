// The platform in one process for benchmarks: Kafka topics under a fresh prefix, the dialogues
// service and the gateway (consuming) on their own databases and ports, and signed-in users.
import type { Server } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { allTopics, type DanvanEvent } from "@danvan/contracts";
import { assembleDialogues, type Dialogues } from "@danvan/dialogues/assemble";
import { configSchema as dialoguesConfig } from "@danvan/dialogues/config";
import { assembleGateway, type Gateway } from "@danvan/gateway/assemble";
import { configSchema as gatewayConfig } from "@danvan/gateway/config";
import { loadConfig } from "@danvan/platform/config";
import { createTokenVerifier } from "@danvan/platform/http";
import { createLogger } from "@danvan/platform/log";
import { createKafkaClient, deleteTopicsByPrefix, ensureTopics } from "@danvan/platform/messaging";
import type { Database } from "@danvan/platform/mongo";
import { connectServiceRuntime } from "@danvan/platform/service";
import { testPersonalDataKeys } from "@danvan/testing";
import { createUnitRegistry, sampleUnitDataset } from "@danvan/vietnam/units";
import { registerTestAgencies } from "../apps/dialogues/test/test-agencies.ts";

export interface BenchEnvironment {
  kafkaBrokers: string[];
  mongoUrl: string;
}

const ISSUER = "https://gateway.danvan.bench";
/** Every benchmark user's password. */
export const PASSWORD = "Bench-mật-khẩu-2026";

const listen = async (app: { listen(port: number, host: string): Server }) => {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

export interface BenchSystem {
  /** Topics and databases are named with it. */
  prefix: string;
  gateway: Gateway;
  dialogues: Dialogues;
  gatewayUrl: string;
  dialoguesUrl: string;
  gatewayDatabase: Database;
  /** Creates a user with one role and returns an access token of theirs. */
  login(username: string, role: string, units: string[], agencies?: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startSystem(
  env: BenchEnvironment,
  options: {
    name: string;
    now?: () => Date;
    onProjected?: (envelope: DanvanEvent) => void;
  },
): Promise<BenchSystem> {
  const prefix = `bench_${options.name}_${Date.now().toString(36)}`;
  const admin = createKafkaClient({ clientId: "bench-topics", brokers: env.kafkaBrokers });
  await ensureTopics(
    createKafkaClient({ clientId: "bench-topics", brokers: env.kafkaBrokers, topicPrefix: prefix }),
    allTopics(),
  );
  const logger = createLogger({ service: "bench", level: process.env.LOG_LEVEL ?? "silent" });
  // The gateway listens first (its JWKS), the dialogues service behind it second; the gateway
  // learns the dialogues address through its configuration, so reserve it with a first listen.
  const dialoguesPort = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const gatewayRuntime = await connectServiceRuntime({
    name: "gateway",
    logger,
    config: loadConfig(gatewayConfig, {
      MONGO_URL: env.mongoUrl,
      MONGO_DATABASE: `${prefix}_gateway`,
      KAFKA_BROKERS: env.kafkaBrokers.join(","),
      TOPIC_PREFIX: prefix,
      JWT_ISSUER: ISSUER,
      PASSWORD_HASH_MEMORY_KIB: "1024",
      LOGIN_ATTEMPTS_PER_MINUTE: "1000",
      // The load of a benchmark is one user's, far above what the API lets one user keep up.
      API_REQUESTS_PER_SECOND_PER_USER: "100000",
      API_BURST_PER_USER: "1000000",
      API_MAX_IN_FLIGHT_PER_USER: "10000",
      API_REQUESTS_PER_SECOND_PER_ADDRESS: "100000",
      API_BURST_PER_ADDRESS: "1000000",
      DIALOGUES_URL: `http://127.0.0.1:${dialoguesPort}`,
    }),
  });
  const gateway = await assembleGateway(gatewayRuntime, {
    units: createUnitRegistry(sampleUnitDataset),
    ...(options.onProjected ? { onProjected: options.onProjected } : {}),
  });
  const gatewayServer = await listen(gateway.app);
  const dialoguesRuntime = await connectServiceRuntime({
    name: "dialogues",
    logger,
    config: loadConfig(dialoguesConfig, {
      MONGO_URL: env.mongoUrl,
      MONGO_DATABASE: `${prefix}_dialogues`,
      KAFKA_BROKERS: env.kafkaBrokers.join(","),
      TOPIC_PREFIX: prefix,
      PERSONAL_DATA_KEYS: testPersonalDataKeys(),
      JWT_ISSUER: ISSUER,
      JWT_JWKS_URL: `${gatewayServer.url}/.well-known/jwks.json`,
    }),
  });
  await registerTestAgencies(dialoguesRuntime.database);
  const dialogues = await assembleDialogues(dialoguesRuntime, {
    verify: createTokenVerifier({
      jwks: new URL(`${gatewayServer.url}/.well-known/jwks.json`),
      issuer: ISSUER,
      audience: "danvan-services",
    }),
    units: createUnitRegistry(sampleUnitDataset),
    ...(options.now ? { now: options.now } : {}),
  });
  const dialoguesServer = dialogues.app.listen(dialoguesPort, "127.0.0.1");
  await new Promise((resolve) => dialoguesServer.once("listening", resolve));
  await gateway.start();
  await dialogues.start();

  const system = { userId: "bench", ip: "127.0.0.1", correlationId: "bench" };
  const login = async (
    username: string,
    role: string,
    units: string[],
    agencies: string[] = [],
  ) => {
    await gateway.admin.create(
      {
        username,
        displayName: username,
        password: PASSWORD,
        assignments: [
          { role: role as never, units, agencies, validFrom: "2020-01-01T00:00:00.000Z" },
        ],
        grants: [],
      },
      system,
    );
    const response = await fetch(`${gatewayServer.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  return {
    prefix,
    gateway,
    dialogues,
    gatewayUrl: gatewayServer.url,
    dialoguesUrl: `http://127.0.0.1:${dialoguesPort}`,
    gatewayDatabase: gatewayRuntime.database,
    login,
    async stop() {
      await new Promise((resolve) => dialoguesServer.close(resolve));
      await dialogues.stop();
      await new Promise((resolve) => gatewayServer.server.close(resolve));
      await gateway.stop();
      for (const runtime of [gatewayRuntime, dialoguesRuntime]) {
        await runtime.database.connection.dropDatabase();
        await runtime.close();
      }
      // Each run's topics are its own: left behind, they would pile up on the local broker.
      await deleteTopicsByPrefix(admin, `${prefix}.`);
    },
  };
}

import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { allTopics } from "@danvan/contracts";
import type { LocalSettings } from "@danvan/infra/local";
import { down, readSettings, up } from "@danvan/infra/local";
import { createKafkaClient, ensureTopics, fetchTopicOffsets } from "@danvan/platform/messaging";
import type { Database } from "@danvan/platform/mongo";
import { connectDatabase } from "@danvan/platform/mongo";
import type { ServiceProcess } from "@danvan/testing";
import { spawnService, testPersonalDataKeys } from "@danvan/testing";
import type { Balancer } from "./balancer.ts";
import { startBalancer } from "./balancer.ts";
import type { FaultService } from "./services.ts";

export const ISSUER = "https://gateway.danvan.faults";
const ADMIN_PASSWORD = "Faults-quản-trị-2026";
export const PASSWORD = "Faults-mật-khẩu-2026";

/** An app of the repository running as operators run it: its built `dist/main.js`. */
export interface RunningApp {
  readonly url: string;
  readonly process: ServiceProcess;
  /** Starts it again on the same port with the same environment (after a stop or a kill). */
  restart(): Promise<void>;
}

export interface FaultSystem {
  /** Where users reach the gateway: its address, or one over its replicas. */
  url: string;
  /** The gateway (its first replica). */
  gateway: RunningApp;
  /** Each service (its first replica). */
  services: Map<string, RunningApp>;
  /** Every replica of the gateway ("gateway") and of each service, by name. */
  replicas: Map<string, RunningApp[]>;
  /** Its Kafka brokers. */
  brokers: string[];
  /**
   * How many messages of `topics` the consumer group has not yet handled (committed): 0 once it
   * has caught up.
   */
  lagOf(group: string, topics: string[]): Promise<number>;
  /** The infrastructure of this system alone: stopping it disturbs nobody else. */
  stop(component: "kafka" | "ferretdb"): Promise<void>;
  start(): Promise<void>;
  /** A service's own database, for checks after the run. */
  database(service: string): Promise<Database>;
  /**
   * What is wrong with a service's accepted writes once its outbox has drained: polled until
   * nothing is (at most a minute), then what is left.
   */
  problemsOf(service: FaultService, accepted: string[]): Promise<string[]>;
  /** A user with one role in the units, made by the administrator, and their access token. */
  login(username: string, role: string, units?: string[]): Promise<string>;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const entryOf = (pkg: string) =>
  fileURLToPath(import.meta.resolve(`${pkg}/package.json`)).replace(
    /package\.json$/,
    "dist/main.js",
  );

async function runApp(
  name: string,
  pkg: string,
  env: Record<string, string>,
  port: number,
): Promise<RunningApp> {
  const ready = new RegExp(`"msg":"${name} listening"`);
  const spawnIt = async () => {
    const run = spawnService(entryOf(pkg), { ...env, PORT: String(port) }, ready);
    await run.started;
    return run;
  };
  let current = await spawnIt();
  return {
    url: `http://127.0.0.1:${port}`,
    get process() {
      return current;
    },
    async restart() {
      current.kill();
      await current.exited;
      current = await spawnIt();
    },
  };
}

/**
 * The gateway and every declared service as processes, on a broker and a database of their own
 * (ports from `portBase`), with the topics provisioned: the system a fault is injected into.
 */
export async function startFaultSystem(options: {
  name: string;
  portBase: number;
  services: FaultService[];
  /** The gateway's variables beside the defaults (its admission limits, …). */
  gatewayEnv?: Record<string, string>;
  /**
   * How many processes of the gateway and of each service (1 by default); more than one are
   * reached through one address each (`startBalancer`), as a Kubernetes Service spreads them.
   */
  replicas?: number;
}): Promise<FaultSystem> {
  const replicaCount = options.replicas ?? 1;
  const stateDir = await mkdtemp(join(tmpdir(), `danvan-faults-${options.name}-`));
  const settings: LocalSettings = readSettings({
    ...process.env,
    DANVAN_INFRA_MODE: "processes",
    DANVAN_STATE_DIR: stateDir,
    DANVAN_KAFKA_PORT: String(options.portBase),
    DANVAN_KAFKA_CONTROLLER_PORT: String(options.portBase + 1),
    DANVAN_MONGO_PORT: String(options.portBase + 2),
  });
  const { endpoints } = await up({ settings });
  await ensureTopics(
    createKafkaClient({ clientId: "faults-topics", brokers: endpoints.kafkaBrokers }),
    allTopics(),
  );
  const common = {
    METRICS_PORT: "0",
    MONGO_URL: endpoints.mongoUrl,
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(","),
    JWT_ISSUER: ISSUER,
    // At least info: the "listening" line is how a start is awaited.
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    UNITS_FILE: "sample",
  };
  const balancers: Balancer[] = [];
  const replicas = new Map<string, RunningApp[]>();
  /** The app's replicas on free ports; the address that reaches them (a balancer's if several). */
  const ports = async () => {
    const list: number[] = [];
    for (let i = 0; i < replicaCount; i++) list.push(await freePort());
    if (list.length === 1) return { list, url: `http://127.0.0.1:${list[0]}` };
    const balancer = await startBalancer(list);
    balancers.push(balancer);
    return { list, url: balancer.url };
  };
  const servicePorts = new Map<string, Awaited<ReturnType<typeof ports>>>();
  for (const service of options.services) servicePorts.set(service.name, await ports());
  const gatewayPorts = await ports();
  const gatewayEnv = {
    ...common,
    MONGO_DATABASE: "gateway",
    ADMIN_PASSWORD,
    PASSWORD_HASH_MEMORY_KIB: "1024",
    LOGIN_ATTEMPTS_PER_MINUTE: "1000",
    // The load of a row is a few users' at most; the flood row sets its own limits.
    API_REQUESTS_PER_SECOND_PER_USER: "100000",
    API_BURST_PER_USER: "100000",
    API_MAX_IN_FLIGHT_PER_USER: "10000",
    API_REQUESTS_PER_SECOND_PER_ADDRESS: "100000",
    API_BURST_PER_ADDRESS: "100000",
    ...Object.fromEntries(
      options.services.map((s) => [s.gatewayVariable, servicePorts.get(s.name)?.url as string]),
    ),
    ...options.gatewayEnv,
  };
  const gateways: RunningApp[] = [];
  for (const port of gatewayPorts.list) {
    gateways.push(await runApp("gateway", "@danvan/gateway", gatewayEnv, port));
  }
  replicas.set("gateway", gateways);
  const gateway = gateways[0] as RunningApp;
  const services = new Map<string, RunningApp>();
  for (const service of options.services) {
    const running: RunningApp[] = [];
    // The replicas of a service share its keys, as its pods share one secret.
    const personalDataKeys = testPersonalDataKeys();
    for (const port of servicePorts.get(service.name)?.list ?? []) {
      running.push(
        await runApp(
          service.name,
          service.package,
          {
            ...common,
            MONGO_DATABASE: service.name,
            JWT_JWKS_URL: `${gatewayPorts.url}/.well-known/jwks.json`,
            PERSONAL_DATA_KEYS: personalDataKeys,
            ...service.env,
          },
          port,
        ),
      );
    }
    replicas.set(service.name, running);
    services.set(service.name, running[0] as RunningApp);
  }
  const databases: Database[] = [];
  const call = async (path: string, token: string | undefined, body: unknown) => {
    const response = await fetch(`${gatewayPorts.url}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  let adminToken: string | undefined;

  const databaseOf = async (service: string) => {
    const database = await connectDatabase(endpoints.mongoUrl, service);
    databases.push(database);
    return database;
  };
  const kafka = createKafkaClient({ clientId: "faults-checks", brokers: endpoints.kafkaBrokers });
  return {
    url: gatewayPorts.url,
    brokers: endpoints.kafkaBrokers,
    async lagOf(group, topics) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        let lag = 0;
        const committed = await admin.fetchOffsets({ groupId: group, topics });
        for (const topic of topics) {
          const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
          for (const p of await fetchTopicOffsets(admin, topic)) {
            const at = done.find((d) => d.partition === p.partition)?.offset ?? "-1";
            lag += Number(BigInt(p.high) - (at === "-1" ? BigInt(p.low) : BigInt(at)));
          }
        }
        return lag;
      } finally {
        await admin.disconnect();
      }
    },
    gateway,
    services,
    replicas,
    async stop(component) {
      await down({ settings, only: [component] });
    },
    async start() {
      await up({ settings });
    },
    database: databaseOf,
    async problemsOf(service, accepted) {
      const database = await databaseOf(service.name);
      let problems = await service.problems(database, accepted);
      for (let i = 0; i < 120 && problems.length > 0; i++) {
        await sleep(500);
        problems = await service.problems(database, accepted);
      }
      return problems;
    },
    async login(username, role, units = []) {
      adminToken ??= (
        await call("/api/v1/auth/login", undefined, { username: "admin", password: ADMIN_PASSWORD })
      ).body.accessToken as string;
      const created = await call("/api/v1/admin/users", adminToken, {
        username,
        displayName: username,
        password: PASSWORD,
        assignments: [{ role, units, agencies: [], validFrom: "2020-01-01T00:00:00Z" }],
        grants: [],
      });
      if (created.status !== 201) throw new Error(`user ${username}: ${JSON.stringify(created)}`);
      const login = await call("/api/v1/auth/login", undefined, { username, password: PASSWORD });
      return login.body.accessToken as string;
    },
    async close() {
      try {
        for (const database of databases) await database.close().catch(() => {});
        for (const app of [...replicas.values()].flat()) {
          app.process.kill();
          await app.process.exited;
        }
        for (const balancer of balancers) await balancer.close();
      } finally {
        await down({ settings });
        await rm(stateDir, { recursive: true, force: true });
      }
    },
  };
}

import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { allTopics } from "@danvan/contracts";
import type { LocalSettings } from "@danvan/infra/local";
import { down, readSettings, up } from "@danvan/infra/local";
import { createKafkaClient, ensureTopics } from "@danvan/platform/messaging";
import type { Database } from "@danvan/platform/mongo";
import { connectDatabase } from "@danvan/platform/mongo";
import type { ServiceProcess } from "@danvan/testing";
import { spawnService, testPersonalDataKeys } from "@danvan/testing";
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
  gateway: RunningApp;
  services: Map<string, RunningApp>;
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
}): Promise<FaultSystem> {
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
  const ports = new Map<string, number>();
  for (const service of options.services) ports.set(service.name, await freePort());
  const gatewayPort = await freePort();
  const gateway = await runApp(
    "gateway",
    "@danvan/gateway",
    {
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
        options.services.map((s) => [s.gatewayVariable, `http://127.0.0.1:${ports.get(s.name)}`]),
      ),
      ...options.gatewayEnv,
    },
    gatewayPort,
  );
  const services = new Map<string, RunningApp>();
  for (const service of options.services) {
    services.set(
      service.name,
      await runApp(
        service.name,
        service.package,
        {
          ...common,
          MONGO_DATABASE: service.name,
          JWT_JWKS_URL: `${gateway.url}/.well-known/jwks.json`,
          PERSONAL_DATA_KEYS: testPersonalDataKeys(),
          ...service.env,
        },
        ports.get(service.name) as number,
      ),
    );
  }
  const databases: Database[] = [];
  const call = async (path: string, token: string | undefined, body: unknown) => {
    const response = await fetch(`${gateway.url}${path}`, {
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
  return {
    gateway,
    services,
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
        for (const app of [...services.values(), gateway]) {
          app.process.kill();
          await app.process.exited;
        }
      } finally {
        await down({ settings });
        await rm(stateDir, { recursive: true, force: true });
      }
    },
  };
}

import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { allTopics } from "@danvan/contracts";
import { createKafkaClient, ensureTopics } from "@danvan/platform/messaging";
import {
  ferretdbLogFile,
  ferretdbProcess,
  prepareFerretdb,
  startFerretdb,
} from "../ferretdb/server.ts";
import { kafkaLogFile, kafkaProcess, prepareKafka, startKafka } from "../kafka/broker.ts";
import { composeDown, composeRunning, composeUp, dockerEngineAnswers } from "./docker.ts";
import type { ManagedProcess } from "./processes.ts";
import { portIsFree, runningPid, stopManaged, tail, withLock } from "./processes.ts";
import type { Progress } from "./progress.ts";
import { silent, step } from "./progress.ts";
import { readReadiness, waitForKafka, waitForMongo } from "./readiness.ts";
import type { Endpoints, LocalSettings } from "./settings.ts";
import { endpointsOf, readSettings } from "./settings.ts";
import { findOnPath, requireTools } from "./tools.ts";

export { dockerEngineAnswers } from "./docker.ts";
export type { Endpoints, LocalSettings } from "./settings.ts";
export { readSettings } from "./settings.ts";

export type Mode = "docker" | "processes";

export interface UpResult {
  mode: Mode;
  endpoints: Endpoints;
  /** The components this call started; empty when everything already ran. */
  started: string[];
}

interface Options {
  settings?: LocalSettings;
  progress?: Progress;
}

interface StateFile {
  mode: Mode;
  endpoints: Endpoints;
}

const stateFile = (s: LocalSettings) => join(s.stateDir, "state.json");
const lockDir = (s: LocalSettings) => join(s.stateDir, "lock");

async function readState(settings: LocalSettings): Promise<StateFile | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(settings), "utf8")) as StateFile;
  } catch {
    return undefined;
  }
}

async function chooseMode(settings: LocalSettings): Promise<Mode> {
  if (settings.mode !== "auto") return settings.mode;
  const previous = await readState(settings);
  if (previous) return previous.mode;
  return (await findOnPath("docker")) && (await dockerEngineAnswers()) ? "docker" : "processes";
}

/**
 * Starts Kafka and the database unless they already run, waits until both accept connections and
 * provisions the declared topics. Idempotent: a second call returns the running endpoints.
 */
export async function up(options: Options = {}): Promise<UpResult> {
  const settings = options.settings ?? readSettings();
  const progress = options.progress ?? silent;
  await mkdir(settings.stateDir, { recursive: true });
  const result = await withLock(lockDir(settings), async () => {
    const mode = await chooseMode(settings);
    const endpoints = endpointsOf(settings);
    let started: string[];
    if (mode === "docker") {
      const before = await composeRunning(settings);
      await step(progress, "Starting Kafka and MongoDB with docker compose", () =>
        composeUp(settings),
      );
      started = ["kafka", "mongo"].filter((name) => !before.includes(name));
    } else {
      started = await upProcesses(settings, progress);
    }
    await writeFile(stateFile(settings), `${JSON.stringify({ mode, endpoints }, null, 2)}\n`);
    return { mode, endpoints, started };
  });
  const kafka = createKafkaClient({
    clientId: "danvan-provisioning",
    brokers: result.endpoints.kafkaBrokers,
  });
  await ensureTopics(kafka, allTopics(), {
    log: (line) => progress(`  topic ${line}`),
  });
  return result;
}

async function upProcesses(settings: LocalSettings, progress: Progress): Promise<string[]> {
  const kafka = kafkaProcess(settings);
  const ferretdb = ferretdbProcess(settings);
  const kafkaRuns = (await runningPid(kafka)) !== undefined;
  const ferretdbRuns = (await runningPid(ferretdb)) !== undefined;

  const busy: string[] = [];
  if (!kafkaRuns) {
    for (const port of [settings.kafkaPort, settings.kafkaControllerPort]) {
      if (!(await portIsFree(port))) busy.push(`${port} (Kafka)`);
    }
  }
  if (!ferretdbRuns && !(await portIsFree(settings.mongoPort))) {
    busy.push(`${settings.mongoPort} (database)`);
  }
  if (busy.length > 0) {
    throw new Error(
      `another program listens on port ${busy.join(", ")}. Stop it, or choose other ports with ` +
        "DANVAN_KAFKA_PORT, DANVAN_KAFKA_CONTROLLER_PORT and DANVAN_MONGO_PORT.",
    );
  }
  if (!kafkaRuns) await requireTools(["java"]);

  const endpoints = endpointsOf(settings);
  const startKafkaIfNeeded = async () => {
    if (kafkaRuns) return false;
    const libs = await prepareKafka(settings, progress);
    await step(progress, `Starting Kafka on ${endpoints.kafkaBrokers[0]}`, async () => {
      await startKafka(settings, libs);
      await waitUntilReady(kafka, kafkaLogFile(settings), () =>
        waitForKafka(endpoints.kafkaBrokers, {
          timeoutMs: 120_000,
          stillStarting: async () => (await runningPid(kafka)) !== undefined,
        }),
      );
    });
    return true;
  };
  const startFerretdbIfNeeded = async () => {
    if (ferretdbRuns) return false;
    const binary = await prepareFerretdb(settings, progress);
    await step(progress, `Starting FerretDB on ${endpoints.mongoUrl}`, async () => {
      await startFerretdb(settings, binary);
      await waitUntilReady(ferretdb, ferretdbLogFile(settings), () =>
        waitForMongo(endpoints.mongoUrl, {
          timeoutMs: 60_000,
          stillStarting: async () => (await runningPid(ferretdb)) !== undefined,
        }),
      );
    });
    return true;
  };
  // Both at once: a cold start spends minutes in Maven and the Go compiler.
  const [kafkaStarted, ferretdbStarted] = await Promise.all([
    startKafkaIfNeeded(),
    startFerretdbIfNeeded(),
  ]);
  return [...(kafkaStarted ? ["kafka"] : []), ...(ferretdbStarted ? ["ferretdb"] : [])];
}

/** Waits for readiness; on failure stops the half-started process and shows its log. */
async function waitUntilReady(proc: ManagedProcess, logFile: string, wait: () => Promise<void>) {
  try {
    await wait();
  } catch (error) {
    await stopManaged(proc, 5000);
    throw new Error(
      `${(error as Error).message}\nlast lines of ${logFile}:\n${await tail(logFile)}`,
    );
  }
}

export interface DownOptions extends Options {
  /** Also delete the data folder (topics, databases, logs). */
  purge?: boolean;
  /** Stop only these components (as named in UpResult.started); all by default. */
  only?: string[];
}

/** Stops what `up` started (processes by their recorded pids, or the compose services). */
export async function down(options: DownOptions = {}): Promise<string[]> {
  const settings = options.settings ?? readSettings();
  const progress = options.progress ?? silent;
  if (!existsSync(settings.stateDir)) return [];
  return withLock(lockDir(settings), async () => {
    const stopped: string[] = [];
    const state = await readState(settings);
    const wanted = (name: string) => options.only === undefined || options.only.includes(name);
    if (state?.mode === "docker") {
      const services = ["kafka", "mongo"].filter(wanted);
      await step(progress, `Stopping ${services.join(" and ")} containers`, () =>
        composeDown(settings, services),
      );
      stopped.push(...services);
    }
    for (const proc of [kafkaProcess(settings), ferretdbProcess(settings)].filter((p) =>
      wanted(p.name),
    )) {
      const outcome = await stopManaged(proc);
      if (outcome !== "not running") {
        progress(`• ${proc.name}: ${outcome}`);
        stopped.push(proc.name);
      }
    }
    if (options.only === undefined) await rm(stateFile(settings), { force: true });
    if (options.purge) {
      for (const dir of ["kafka", "ferretdb"]) {
        await rm(join(settings.stateDir, dir), { recursive: true, force: true });
      }
      progress(`• removed data under ${settings.stateDir}`);
    }
    return stopped;
  });
}

export interface ComponentStatus {
  name: "kafka" | "ferretdb" | "mongo";
  address: string;
  state: "ready" | "not ready" | "stopped";
  pid?: number;
  log?: string;
}

export interface StatusResult {
  mode: Mode | "none";
  endpoints: Endpoints;
  components: ComponentStatus[];
}

/** What runs now and whether it accepts connections. */
export async function status(options: Options = {}): Promise<StatusResult> {
  const settings = options.settings ?? readSettings();
  const state = await readState(settings);
  const endpoints = endpointsOf(settings);
  const readiness = await readReadiness(endpoints);
  const kafkaAddress = endpoints.kafkaBrokers.join(",");
  if (state?.mode === "docker") {
    const running = await composeRunning(settings);
    return {
      mode: "docker",
      endpoints,
      components: [
        {
          name: "kafka",
          address: kafkaAddress,
          state: stateOf(running.includes("kafka"), readiness.kafka),
        },
        {
          name: "mongo",
          address: endpoints.mongoUrl,
          state: stateOf(running.includes("mongo"), readiness.mongo),
        },
      ],
    };
  }
  const kafkaPid = await runningPid(kafkaProcess(settings));
  const ferretdbPid = await runningPid(ferretdbProcess(settings));
  return {
    mode: state ? "processes" : "none",
    endpoints,
    components: [
      {
        name: "kafka",
        address: kafkaAddress,
        state: stateOf(kafkaPid !== undefined, readiness.kafka),
        ...(kafkaPid !== undefined ? { pid: kafkaPid } : {}),
        log: kafkaLogFile(settings),
      },
      {
        name: "ferretdb",
        address: endpoints.mongoUrl,
        state: stateOf(ferretdbPid !== undefined, readiness.mongo),
        ...(ferretdbPid !== undefined ? { pid: ferretdbPid } : {}),
        log: ferretdbLogFile(settings),
      },
    ],
  };
}

function stateOf(running: boolean, ready: boolean): ComponentStatus["state"] {
  if (!running) return "stopped";
  return ready ? "ready" : "not ready";
}

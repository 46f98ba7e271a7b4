import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/** Where local infrastructure lives and listens; every value can be overridden by environment. */
export interface LocalSettings {
  /** Data, logs and pid files: a temporary folder, so nothing of it is precious. */
  stateDir: string;
  /** Maven's jars and the FerretDB binary, kept between runs so only the first run downloads. */
  cacheDir: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  mongoPort: number;
  /** Where FerretDB serves Go's pprof endpoints (processes mode), or "" for nowhere. */
  ferretdbPprof: string;
  /** "auto" uses Docker Compose when a Docker engine answers, else local processes. */
  mode: "auto" | "docker" | "processes";
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const problems: string[] = [];
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      problems.push(`${name} must be a TCP port (1-65535), got "${raw}"`);
    }
    return value;
  };
  const mode = env.DANVAN_INFRA_MODE ?? "auto";
  if (mode !== "auto" && mode !== "docker" && mode !== "processes") {
    problems.push(`DANVAN_INFRA_MODE must be auto, docker or processes, got "${mode}"`);
  }
  const settings: LocalSettings = {
    stateDir: env.DANVAN_STATE_DIR || join(tmpdir(), "danvan-local"),
    cacheDir:
      env.DANVAN_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "danvan"),
    kafkaPort: port("DANVAN_KAFKA_PORT", 9092),
    kafkaControllerPort: port("DANVAN_KAFKA_CONTROLLER_PORT", 9093),
    mongoPort: port("DANVAN_MONGO_PORT", 27017),
    ferretdbPprof: env.DANVAN_FERRETDB_PPROF ?? "",
    mode: mode as LocalSettings["mode"],
  };
  if (problems.length > 0) {
    throw new Error(`invalid local infrastructure settings:\n  - ${problems.join("\n  - ")}`);
  }
  return settings;
}

export interface Endpoints {
  kafkaBrokers: string[];
  mongoUrl: string;
}

export function endpointsOf(settings: LocalSettings): Endpoints {
  return {
    kafkaBrokers: [`127.0.0.1:${settings.kafkaPort}`],
    mongoUrl: `mongodb://127.0.0.1:${settings.mongoPort}`,
  };
}

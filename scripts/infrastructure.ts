// Shared by `npm start` and `npm test`: the local infrastructure's endpoints, started if needed.
import { spawnSync } from "node:child_process";

export interface RunInfrastructure {
  kafkaBrokers: string;
  mongoUrl: string;
  /** Stops what this run started (nothing when it found infrastructure running or given). */
  release(): Promise<void>;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs a command on the project's own tools (node_modules/.bin is first on npm scripts' PATH). */
export function runStep(command: string, args: string[], env = process.env): number {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  return result.status ?? 1;
}

export async function acquireInfrastructure(): Promise<RunInfrastructure> {
  const { KAFKA_BROKERS, MONGO_URL } = process.env;
  if (KAFKA_BROKERS && MONGO_URL) {
    log(`• Using KAFKA_BROKERS=${KAFKA_BROKERS} and MONGO_URL=${MONGO_URL} from the environment`);
    return { kafkaBrokers: KAFKA_BROKERS, mongoUrl: MONGO_URL, release: async () => {} };
  }
  // infra/local is compiled like every workspace package; build it (cached) before loading it.
  const built = runStep("turbo", [
    "run",
    "build",
    "--filter=@danvan/infra",
    "--output-logs=errors-only",
  ]);
  if (built !== 0) throw new Error("building infra/ failed");
  const { up, down } = await import("@danvan/infra/local");
  const result = await up({ progress: log });
  return {
    kafkaBrokers: result.endpoints.kafkaBrokers.join(","),
    mongoUrl: result.endpoints.mongoUrl,
    release: async () => {
      if (result.started.length === 0) return;
      await down({ progress: log, only: result.started });
    },
  };
}

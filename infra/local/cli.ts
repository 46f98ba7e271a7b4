import { parseArgs } from "node:util";
import type { StatusResult, UpResult } from "./index.ts";
import { down, status, up } from "./index.ts";
import { stderrProgress } from "./progress.ts";

const USAGE = `usage: infra/local/<command> [options]

  up       start Kafka and the database unless they run, wait until ready, create topics
           --json    print the endpoints as JSON on stdout (progress goes to stderr)
  down     stop what up started (only processes it recorded)
           --purge   also delete the data folder
  status   show what runs; exits 1 unless everything is ready
           --json    as JSON

environment: DANVAN_INFRA_MODE (auto|docker|processes), DANVAN_KAFKA_PORT (9092),
DANVAN_KAFKA_CONTROLLER_PORT (9093), DANVAN_MONGO_PORT (27017), DANVAN_STATE_DIR, DANVAN_CACHE_DIR`;

function printUp(result: UpResult) {
  const how = result.mode === "docker" ? "docker compose" : "local processes";
  const already = result.started.length === 0 ? " (already running)" : "";
  console.log(`Local infrastructure is ready${already}, using ${how}:`);
  console.log(`  KAFKA_BROKERS=${result.endpoints.kafkaBrokers.join(",")}`);
  console.log(`  MONGO_URL=${result.endpoints.mongoUrl}`);
  console.log("Stop it with: infra/local/down");
}

function printStatus(result: StatusResult) {
  console.log(`mode: ${result.mode}`);
  for (const c of result.components) {
    const pid = c.pid === undefined ? "" : `  pid ${c.pid}`;
    const log = c.log && c.state !== "stopped" ? `  log ${c.log}` : "";
    console.log(`  ${c.name.padEnd(9)} ${c.state.padEnd(10)} ${c.address}${pid}${log}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      json: { type: "boolean", default: false },
      purge: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help || command === undefined) {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  switch (command) {
    case "up": {
      const result = await up({ progress: stderrProgress });
      if (values.json) console.log(JSON.stringify(result));
      else printUp(result);
      return 0;
    }
    case "down": {
      const stopped = await down({ progress: stderrProgress, purge: values.purge });
      console.log(
        stopped.length === 0 ? "Nothing of ours was running." : `Stopped: ${stopped.join(", ")}`,
      );
      return 0;
    }
    case "status": {
      const result = await status();
      if (values.json) console.log(JSON.stringify(result));
      else printStatus(result);
      return result.components.every((c) => c.state === "ready") ? 0 : 1;
    }
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`infra/local: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

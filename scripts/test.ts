// `npm test`: typecheck, lint and every test of every workspace against real Kafka and a real
// database, started once for the whole run (not per workspace or file) and stopped afterwards
// if this run started them. Extra arguments go to turbo, e.g. `npm test -- --filter=@danvan/testing`.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { acquireInfrastructure, runStep } from "./infrastructure.ts";

const started = performance.now();
process.env.TURBO_TELEMETRY_DISABLED = "1";

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

/** Where each workspace's vitest leaves its JSON report (see @danvan/testing's testConfig). */
function reportFiles(): string[] {
  const { workspaces } = JSON.parse(readFileSync("package.json", "utf8")) as {
    workspaces: string[];
  };
  // "apps/*" is every folder of apps/; other entries name one folder.
  const folders = workspaces.flatMap((entry) =>
    entry.endsWith("/*")
      ? existsSync(entry.slice(0, -2))
        ? readdirSync(entry.slice(0, -2)).map((d) => join(entry.slice(0, -2), d))
        : []
      : [entry],
  );
  return folders
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => join(dir, ".vitest", "results.json"));
}

/** Adds up this run's reports; turbo restores a cached task's report on a cache hit. */
function totals(): Totals {
  const sum: Totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of reportFiles().filter((f) => existsSync(f))) {
    const report = JSON.parse(readFileSync(file, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    sum.passed += report.numPassedTests;
    sum.failed += report.numFailedTests;
    sum.skipped += report.numPendingTests + report.numTodoTests;
  }
  return sum;
}

// Old reports would be counted as this run's: remove them first.
for (const file of reportFiles()) rmSync(file, { force: true });

const infrastructure = await acquireInfrastructure();
let code: number;
try {
  code = runStep(
    "turbo",
    [
      "run",
      "typecheck",
      "lint",
      "test",
      "typecheck:root",
      "lint:root",
      // Report every failing task, not only the first.
      "--continue",
      ...process.argv.slice(2),
    ],
    {
      ...process.env,
      KAFKA_BROKERS: infrastructure.kafkaBrokers,
      MONGO_URL: infrastructure.mongoUrl,
      // kafkajs's negative timers are noise in every test process (docs/decisions/0002).
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ""} --disable-warning=TimeoutNegativeWarning`.trim(),
    },
  );
} finally {
  await infrastructure.release();
}

const seconds = ((performance.now() - started) / 1000).toFixed(0);
const { passed, failed, skipped } = totals();
console.log(`\nnpm test ${code === 0 ? "passed" : "FAILED"} in ${seconds} s`);
// The plain closing line CI reads: "N passed, N failed".
console.log(
  `tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`,
);
process.exitCode = code;

// `npm test`: typecheck, lint and every test of every workspace against real Kafka and a real
// database, started once for the whole run (not per workspace or file) and stopped afterwards
// if this run started them. Extra arguments go to turbo, e.g. `npm test -- --filter=@danvan/testing`.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { acquireInfrastructure, runStep } from "./infrastructure.ts";

const started = performance.now();
const startedAt = Date.now();
process.env.TURBO_TELEMETRY_DISABLED = "1";

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

/** Adds up the JSON reports vitest wrote in each workspace (turbo restores them on cache hits). */
function totals(): Totals {
  const sum: Totals = { passed: 0, failed: 0, skipped: 0 };
  for (const parent of ["apps", "packages", "."]) {
    if (!existsSync(parent)) continue;
    const dirs = parent === "." ? ["infra"] : readdirSync(parent).map((d) => join(parent, d));
    for (const dir of dirs) {
      const file = join(dir, ".vitest", "results.json");
      // Only this run's reports (turbo's cache replay rewrites them too), not older leftovers.
      if (!existsSync(file) || statSync(file).mtimeMs < startedAt) continue;
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
  }
  return sum;
}

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

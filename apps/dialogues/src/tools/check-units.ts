// `npm run check:units -w apps/dialogues`: reports stored petitions, sessions and reception
// holders whose unit is not a unit on their day, and petitions assigned to an agency their
// province's registry does not have active on the day of the assignment (data entered before
// these were checked, or under another list). Changes nothing.
import { parseCommandLine } from "@danvan/platform/cli";
import { loadConfig } from "@danvan/platform/config";
import { loadUnitRegistry } from "@danvan/platform/reference";
import { connectServiceRuntime } from "@danvan/platform/service";
import { checkStoredReferences } from "../application/reference-check.ts";
import { configSchema } from "../config.ts";
import { createAgencyRegistry } from "../data/agencies.ts";

parseCommandLine({
  usage: "npm run check:units -w apps/dialogues",
  summary:
    "Checks every stored petition, session and reception holder against the administrative " +
    "units (UNITS_FILE) on the day of its fact, and lists those whose unit was not valid then, " +
    "with the reason, and every assigned petition against its province's agency registry on " +
    "the day it was assigned. Changes nothing. Exit code 0 when all are valid, 1 when some are not.",
  environment: {
    "MONGO_URL, MONGO_DATABASE": "the service's database",
    UNITS_FILE:
      "the units to check against, as the service reads it (the whole country by default)",
    "KAFKA_BROKERS, JWT_*": "as the service reads them (docs: apps/dialogues/README.md)",
  },
});

const SHOWN_PER_REASON = 5;
const config = loadConfig(configSchema);
const units = await loadUnitRegistry(config.UNITS_FILE);
const runtime = await connectServiceRuntime({ name: "dialogues-check-units", config });
const { checked, problems } = await checkStoredReferences({
  database: runtime.database,
  units,
  agencies: await createAgencyRegistry(runtime.database),
  now: new Date(),
  onProgress: (done) => process.stderr.write(`  checked ${done} records…\n`),
});
await runtime.close();

const byReason = Map.groupBy(problems, (problem) => problem.reason);
for (const [reason, found] of byReason) {
  process.stdout.write(`${found.length} × ${reason}\n`);
  for (const problem of found.slice(0, SHOWN_PER_REASON)) {
    process.stdout.write(
      `    ${problem.collection} ${problem.id} (${problem.label}), ${problem.code} on ${problem.day}\n`,
    );
  }
  if (found.length > SHOWN_PER_REASON) {
    process.stdout.write(`    … and ${found.length - SHOWN_PER_REASON} more\n`);
  }
}
process.stdout.write(
  problems.length === 0
    ? `all ${checked} records name units and agencies valid on their day\n`
    : `${problems.length} of ${checked} records name a unit or an agency not valid on their day; nothing was changed\n`,
);
process.exitCode = problems.length === 0 ? 0 : 1;

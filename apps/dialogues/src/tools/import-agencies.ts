// `npm run agencies:import -w apps/dialogues -- <agencies.json> --province 01`: registers a
// province's agencies from a list (the standard one: apps/dialogues/data/standard-agencies.json).
// Idempotent: a second run changes nothing and says so.
import { readFileSync } from "node:fs";
import { parseCommandLine, refuse } from "@danvan/platform/cli";
import { loadConfig } from "@danvan/platform/config";
import { loadUnitRegistry } from "@danvan/platform/reference";
import { connectServiceRuntime } from "@danvan/platform/service";
import { localDateOf } from "@danvan/vietnam/calendar";
import { agencyFileSchema, importAgencies } from "../application/agencies.ts";
import { configSchema } from "../config.ts";
import { createAgencyRegistry } from "../data/agencies.ts";

const spec = {
  usage: "npm run agencies:import -w apps/dialogues -- <agencies.json> --province <code>",
  summary:
    'Registers the agencies of a province from a JSON list ({"agencies": [{code, name, ' +
    "validFrom, validTo?}]}), adding new ones and changing those that differ, each change in the " +
    "audit trail; prints how many were added, changed and unchanged. A second run changes nothing.",
  options: {
    province: { type: "string", value: "code", description: "the province (2 digits), e.g. 01" },
  },
  positionals: [{ name: "<agencies.json>", description: "the list to register" }],
  environment: {
    "MONGO_URL, MONGO_DATABASE": "the service's database",
    UNITS_FILE: "the units the province is one of (the whole country by default)",
  },
} as const;
const { positionals, values } = parseCommandLine(spec);

const province = values.province;
if (typeof province !== "string" || !/^\d{2}$/.test(province)) {
  refuse(spec, "--province is a 2-digit province code");
}
const file = positionals[0];
if (file === undefined) refuse(spec, "name the list to import");
let parsed: ReturnType<typeof agencyFileSchema.safeParse>;
try {
  parsed = agencyFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
} catch (error) {
  refuse(spec, `cannot read ${file}: ${(error as Error).message}`);
}
if (!parsed.success) {
  for (const issue of parsed.error.issues)
    process.stderr.write(`${file}: ${issue.path.join(".")}: ${issue.message}\n`);
  process.exit(1);
}
const config = loadConfig(configSchema);
const units = await loadUnitRegistry(config.UNITS_FILE);
const unit = units.get(province, localDateOf(new Date()));
if (unit?.level !== "province") refuse(spec, `${province} is not a province today`);
const runtime = await connectServiceRuntime({ name: "dialogues-agencies-import", config });
const registry = await createAgencyRegistry(runtime.database);
const counts = await importAgencies({
  registry,
  provinceCode: province,
  list: parsed.data,
  actor: "system:agencies-import",
  now: new Date(),
});
await runtime.close();
process.stdout.write(
  `province ${province}: ${counts.added} added, ${counts.changed} changed, ${counts.unchanged} unchanged\n`,
);

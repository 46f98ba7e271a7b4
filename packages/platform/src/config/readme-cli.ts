#!/usr/bin/env node
// `danvan-config-table`, run in a service's folder (its `npm run docs:config`): writes the table
// of its environment variables, generated from the `configSchema` of src/config.ts, between the
// markers of its README.md; with --check, only says whether the table is current.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseCommandLine } from "../cli/index.ts";
import type { ConfigSchema } from "./load.ts";
import { readmeHasConfigTable, updateReadmeConfigTable } from "./readme-table.ts";

const { values } = parseCommandLine({
  usage: "danvan-config-table [--check]   (in a service's folder: npm run docs:config)",
  summary:
    "Writes the table of the service's environment variables, generated from the configSchema " +
    "of src/config.ts, between the config markers of its README.md.",
  options: {
    check: {
      type: "boolean",
      description: "Change nothing; exit 1 when the README's table is not the schema's",
    },
  },
});

const readme = join(process.cwd(), "README.md");
const module = (await import(pathToFileURL(join(process.cwd(), "src", "config.ts")).href)) as {
  configSchema?: ConfigSchema;
};
if (!module.configSchema) {
  process.stderr.write("src/config.ts exports no configSchema\n");
  process.exit(2);
}
if (values.check) {
  const current = readmeHasConfigTable(await readFile(readme, "utf8"), module.configSchema);
  process.stdout.write(current ? "README.md: up to date\n" : "README.md: the table is stale\n");
  process.exit(current ? 0 : 1);
}
const changed = await updateReadmeConfigTable(readme, module.configSchema);
process.stdout.write(
  changed ? "README.md: configuration table updated\n" : "README.md: up to date\n",
);

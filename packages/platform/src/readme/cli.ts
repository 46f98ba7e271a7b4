#!/usr/bin/env node
// `danvan-readme`, run in a service's folder (its `npm run docs:readme`): writes the generated
// sections of its README.md: the table of its environment variables (the `configSchema` of
// src/config.ts, or server/config.ts) and, where it has one, the table of its access policy (the `accessPolicy` of
// src/domain/access.ts). With --check, only says whether they are current.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseCommandLine } from "../cli/index.ts";
import type { ConfigSchema } from "../config/index.ts";
import type { AccessPolicy } from "../domain/index.ts";
import type { GeneratedSection } from "./sections.ts";
import { accessSection, configSection, readmeHasSection, updateReadme } from "./sections.ts";

const { values } = parseCommandLine({
  usage: "danvan-readme [--check]   (in a service's folder: npm run docs:readme)",
  summary:
    "Writes the generated sections of the service's README.md from its code: its environment " +
    "variables (src/config.ts) and its access policy (src/domain/access.ts).",
  options: {
    check: {
      type: "boolean",
      description: "Change nothing; exit 1 when a section says something else than the code",
    },
  },
});

const load = async <T>(file: string, name: string): Promise<T | undefined> => {
  const path = join(process.cwd(), file);
  if (!existsSync(path)) return undefined;
  return ((await import(pathToFileURL(path).href)) as Record<string, T | undefined>)[name];
};

const sections: GeneratedSection[] = [];
// A service's configuration is in src/; an app without src/ (the web app) keeps it in server/.
const config =
  (await load<ConfigSchema>("src/config.ts", "configSchema")) ??
  (await load<ConfigSchema>("server/config.ts", "configSchema"));
if (config) sections.push(configSection(config));
const policy = await load<AccessPolicy<string>>("src/domain/access.ts", "accessPolicy");
if (policy) sections.push(accessSection(policy));
if (sections.length === 0) {
  process.stderr.write(
    "neither src/config.ts (configSchema) nor src/domain/access.ts (accessPolicy)\n",
  );
  process.exit(2);
}

const readme = join(process.cwd(), "README.md");
if (values.check) {
  const text = await readFile(readme, "utf8");
  const stale = sections.filter((s) => !readmeHasSection(text, s)).map((s) => s.name);
  process.stdout.write(
    stale.length === 0 ? "README.md: up to date\n" : `README.md: stale: ${stale.join(", ")}\n`,
  );
  process.exit(stale.length === 0 ? 0 : 1);
}
const changed = await updateReadme(readme, sections);
process.stdout.write(
  changed.length > 0 ? `README.md: updated ${changed.join(", ")}\n` : "README.md: up to date\n",
);

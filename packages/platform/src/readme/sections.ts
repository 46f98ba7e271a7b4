import { readFile, writeFile } from "node:fs/promises";
import type { ConfigSchema } from "../config/index.ts";
import { configTable } from "../config/index.ts";
import type { AccessPolicy } from "../domain/index.ts";

/**
 * A part of a service's README written from its code, between two markers: the table of its
 * environment variables and the table of its access policy. `npm run docs:readme` writes them,
 * the service's readme test fails when they say something else than the code.
 */
export interface GeneratedSection {
  name: string;
  start: string;
  end: string;
  content: string;
}

const markers = (name: string, source: string) => ({
  start: `<!-- ${name}:start (generated from ${source}; do not edit) -->`,
  end: `<!-- ${name}:end -->`,
});

export const CONFIG_TABLE_MARKERS = markers("config", "src/config.ts");
export const ACCESS_TABLE_MARKERS = markers("access", "src/domain/access.ts");

export const configSection = (schema: ConfigSchema): GeneratedSection => ({
  name: "config",
  ...CONFIG_TABLE_MARKERS,
  content: configTable(schema),
});

export const accessSection = (policy: AccessPolicy<string>): GeneratedSection => ({
  name: "access",
  ...ACCESS_TABLE_MARKERS,
  content: policy.table(),
});

/** A Markdown table's rows with padding and dash runs collapsed: formatters align tables. */
function tableKey(table: string): string {
  return table
    .split("\n")
    .map((row) =>
      row
        .replaceAll(/\s*\|\s*/g, "|")
        .replaceAll(/-{3,}/g, "---")
        .trim(),
    )
    .filter(Boolean)
    .join("\n");
}

/**
 * Where a section's content lies: after its start marker (found by its name, whatever file it
 * says it is generated from: a web app's configuration is in server/) and before its end marker.
 */
function contentRange(text: string, section: GeneratedSection) {
  const start = text.indexOf(`<!-- ${section.name}:start`);
  const startEnd = start < 0 ? -1 : text.indexOf("-->", start) + "-->".length;
  const end = text.indexOf(section.end);
  return start < 0 || end < startEnd ? undefined : { from: startEnd, to: end };
}

/** Whether the README holds the section between its markers, as the code says it now. */
export function readmeHasSection(readmeText: string, section: GeneratedSection): boolean {
  const range = contentRange(readmeText, section);
  return (
    range !== undefined &&
    tableKey(readmeText.slice(range.from, range.to)) === tableKey(section.content)
  );
}

/** Rewrites the sections of a README that are stale; the names of those it changed. */
export async function updateReadme(
  readme: string,
  sections: readonly GeneratedSection[],
): Promise<string[]> {
  let text = await readFile(readme, "utf8");
  const changed: string[] = [];
  for (const section of sections) {
    if (readmeHasSection(text, section)) continue;
    const range = contentRange(text, section);
    if (!range) {
      throw new Error(
        `${readme} has no ${section.name} markers; add the lines\n${section.start}\n${section.end}`,
      );
    }
    text = `${text.slice(0, range.from)}\n${section.content}\n${text.slice(range.to)}`;
    changed.push(section.name);
  }
  if (changed.length > 0) await writeFile(readme, text);
  return changed;
}

/** The configuration table only, as services' readme tests and older callers ask for it. */
export const readmeHasConfigTable = (readmeText: string, schema: ConfigSchema) =>
  readmeHasSection(readmeText, configSection(schema));

export const updateReadmeConfigTable = async (readme: string, schema: ConfigSchema) =>
  (await updateReadme(readme, [configSection(schema)])).length > 0;

export const readmeHasAccessTable = (readmeText: string, policy: AccessPolicy<string>) =>
  readmeHasSection(readmeText, accessSection(policy));

import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import type { ConfigSchema } from "./load.ts";

interface Row {
  name: string;
  required: boolean;
  fallback: string;
  description: string;
}

function describeVariable(name: string, schema: z.ZodType): Row {
  let inner: z.ZodType = schema;
  let fallback = "";
  let required = true;
  const description = schema.description ?? "";
  for (;;) {
    if (inner instanceof z.ZodDefault) {
      required = false;
      const value = inner.def.defaultValue;
      fallback = typeof value === "string" ? value : JSON.stringify(value);
      inner = inner.def.innerType as z.ZodType;
    } else if (inner instanceof z.ZodOptional) {
      required = false;
      inner = inner.def.innerType as z.ZodType;
    } else {
      break;
    }
  }
  return { name, required, fallback, description: description || inner.description || "" };
}

/** The schema as a Markdown table: variable, required, default, meaning. */
export function configTable(schema: ConfigSchema): string {
  const rows = Object.entries(schema.shape).map(([name, s]) => describeVariable(name, s));
  return [
    "| variable | required | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| \`${r.name}\` | ${r.required ? "yes" : "no"} | ${r.fallback ? `\`${r.fallback}\`` : ""} | ${r.description} |`,
    ),
  ].join("\n");
}

const START = "<!-- config:start (generated from src/config.ts; do not edit) -->";
const END = "<!-- config:end -->";

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

/** Whether a README's table between the config markers says what the schema says. */
export function readmeHasConfigTable(readmeText: string, schema: ConfigSchema): boolean {
  const start = readmeText.indexOf(START);
  const end = readmeText.indexOf(END);
  if (start < 0 || end < start) return false;
  return tableKey(readmeText.slice(start + START.length, end)) === tableKey(configTable(schema));
}

/** Rewrites the table between the config markers of a README; returns whether it changed. */
export async function updateReadmeConfigTable(
  readme: string,
  schema: ConfigSchema,
): Promise<boolean> {
  const text = await readFile(readme, "utf8");
  if (readmeHasConfigTable(text, schema)) return false;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`${readme} has no config markers; add the lines\n${START}\n${END}`);
  }
  const updated = `${text.slice(0, start + START.length)}\n${configTable(schema)}\n${text.slice(end)}`;
  if (updated === text) return false;
  await writeFile(readme, updated);
  return true;
}

export const CONFIG_TABLE_MARKERS = { start: START, end: END };

import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";

/** Start-up refused: every missing or invalid variable is named, not just the first. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.problems = problems;
  }
}

/** A service's configuration: an object of environment variable names. */
export type ConfigSchema = z.ZodObject<Record<string, z.ZodType>>;

/** Parses the environment once at start-up; keys of the schema are variable names. */
export function loadConfig<S extends ConfigSchema>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
) {
  // Empty strings mean "not set", as in most deployment tools.
  const present = Object.fromEntries(
    Object.keys(schema.shape)
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data as z.output<S>;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "(environment)");
    const value = present[name];
    const got = value === undefined ? "not set" : `got "${redact(name, value)}"`;
    return `${name}: ${issue.message} (${got})`;
  });
  throw new ConfigError(problems);
}

const SECRET = /SECRET|PASSWORD|TOKEN|KEY/;
const redact = (name: string, value: string) => (SECRET.test(name) ? "***" : value);

/** Reusable variable schemas with descriptions, for the generated README table. */
export const env = {
  port: (fallback: number) =>
    z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(fallback)
      .describe("HTTP port to listen on (0: any free port)"),
  kafkaBrokers: () =>
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((b) => b.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "brokers are host:port")).min(1))
      .describe("Kafka bootstrap servers, comma-separated host:port"),
  mongoUrl: () =>
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, "a mongodb:// or mongodb+srv:// URL")
      .describe("MongoDB connection string (MongoDB 7 or FerretDB 1.24)"),
  logLevel: () =>
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info")
      .describe("Minimum level of log lines"),
  milliseconds: (fallback: number, description: string) =>
    z.coerce.number().int().min(0).default(fallback).describe(description),
  integer: (fallback: number, range: { min: number; max: number }, description: string) =>
    z.coerce.number().int().min(range.min).max(range.max).default(fallback).describe(description),
};

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

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

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { UnitRegistry } from "@danvan/vietnam/units";
import {
  createUnitRegistry,
  officialUnitsFile,
  parseUnitsJson,
  sampleUnitDataset,
} from "@danvan/vietnam/units";
import { ConfigError } from "../config/index.ts";

/** `UNITS_FILE=sample`: the small sample of @danvan/vietnam, for tests and small demos. */
export const SAMPLE_UNITS = "sample";

/**
 * The administrative units a service checks facts against and adds figures up by (UNITS_FILE):
 * a dataset file written by the units importer, the built-in sample (`sample`), or, when unset,
 * the whole country shipped with @danvan/vietnam. A file that cannot be read or is not a valid
 * dataset stops the start with its first problems.
 */
export async function loadUnitRegistry(setting: string | undefined): Promise<UnitRegistry> {
  if (setting === SAMPLE_UNITS) return createUnitRegistry(sampleUnitDataset);
  const file = setting ?? fileURLToPath(officialUnitsFile);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError([`UNITS_FILE: cannot read ${file} (${(error as Error).message})`]);
  }
  const parsed = parseUnitsJson(text);
  if (!parsed.ok) {
    throw new ConfigError(
      parsed.errors.slice(0, 10).map((e) => `UNITS_FILE: ${file}:${e.line ?? "?"}: ${e.message}`),
    );
  }
  return createUnitRegistry(parsed.dataset);
}

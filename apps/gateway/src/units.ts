import { readFile } from "node:fs/promises";
import { ConfigError } from "@danvan/platform/config";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { createUnitRegistry, parseUnitsJson, sampleUnitDataset } from "@danvan/vietnam/units";

/**
 * The administrative units dashboards add up (communes under their province, names): the file
 * ops give (`UNITS_FILE`, made with @danvan/vietnam's importer), else the built-in sample.
 */
export async function loadUnits(file: string | undefined): Promise<UnitRegistry> {
  if (!file) return createUnitRegistry(sampleUnitDataset);
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

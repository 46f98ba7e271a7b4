import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

/**
 * Keeps a row's figures in `.results/<row>.json` (with date and machine) and prints them: what
 * RELIABILITY.md is brought up to date from.
 */
export function recordFigures(row: string, figures: Record<string, unknown>) {
  const entry = {
    row,
    date: new Date().toISOString(),
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
    ...figures,
  };
  mkdirSync(new URL("../.results/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL(`../.results/${row}.json`, import.meta.url),
    `${JSON.stringify(entry, null, 2)}\n`,
  );
  console.log(`[faults] ${row}: ${JSON.stringify(figures)}`);
}

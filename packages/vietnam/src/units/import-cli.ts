// Validates an administrative-unit file and writes the normalised dataset:
//   node dist/units/import-cli.js <units.csv|dataset.json> [--lineage lineage.csv] [--out dataset.json]
// Exit codes: 0 valid (written), 1 invalid data (every problem printed as file:line: message),
// 2 wrong usage or unreadable file.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { describeChanges, diffUnitDatasets, hasChanges } from "./diff.ts";
import { parseUnitsCsv, parseUnitsJson, serializeUnitDataset } from "./import.ts";
import type { DatasetResult, UnitDataset } from "./model.ts";
import { createProgressBar, type ProgressBar } from "./progress.ts";

const USAGE =
  "usage: node dist/units/import-cli.js <units.csv|dataset.json> [--lineage lineage.csv] [--out dataset.json]";
const HELP = `${USAGE}

Validates a file of administrative units (a units CSV with an optional lineage CSV, or a JSON
dataset) and, with --out, writes the normalised dataset (NFC, one placement of tone marks, rows
in order). Every problem is printed as file:line: message. When --out already holds a dataset,
it prints what the import changes (records added, removed, changed; lineage events added and
removed) and leaves the file untouched when nothing does: importing twice changes nothing.

options:
  --lineage <lineage.csv>  the merges, splits and renames of a units CSV
  --out <dataset.json>     where to write the normalised dataset
  --help                   print this help and do nothing else

exit codes: 0 valid, 1 invalid data, 2 wrong usage or unreadable file
`;
/** Below this many rows validation is instant and a progress bar would only flicker. */
const PROGRESS_FROM_ROWS = 1000;

const say = (text: string) => process.stderr.write(`${text}\n`);

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    say(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

const parseCliArgs = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      out: { type: "string" },
      lineage: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });

function main(args: readonly string[]): number {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(args);
  } catch (error) {
    say(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [file, ...extra] = positionals;
  const format = file === undefined ? undefined : extname(file).toLowerCase();
  if (file === undefined || extra.length > 0 || (format !== ".csv" && format !== ".json")) {
    say(USAGE);
    return 2;
  }
  if (values.lineage !== undefined && format !== ".csv") {
    say(`--lineage goes with a units CSV; a JSON dataset holds its lineage itself\n${USAGE}`);
    return 2;
  }

  const text = readText(file);
  const lineageCsv = values.lineage === undefined ? undefined : readText(values.lineage);
  if (text === undefined || (values.lineage !== undefined && lineageCsv === undefined)) return 2;

  let bar: ProgressBar | undefined;
  const onProgress = (done: number, total: number) => {
    if (total < PROGRESS_FROM_ROWS) return;
    bar ??= createProgressBar({
      label: "validating rows",
      total,
      write: (chunk) => process.stderr.write(chunk),
      interactive: process.stderr.isTTY === true,
    });
    bar.update(done);
  };
  const result: DatasetResult =
    format === ".csv"
      ? parseUnitsCsv(text, { onProgress, ...(lineageCsv === undefined ? {} : { lineageCsv }) })
      : parseUnitsJson(text, { onProgress });
  bar?.finish();

  if (!result.ok) {
    for (const issue of result.errors) {
      const source =
        issue.section === "lineage" && values.lineage !== undefined ? values.lineage : file;
      say(`${source}${issue.line === undefined ? "" : `:${issue.line}`}: ${issue.message}`);
    }
    say(`${result.errors.length} problem(s) found; nothing written`);
    return 1;
  }

  const { units, lineage } = result.dataset;
  const levels = ["province", "district", "commune"].map(
    (level) => `${units.filter((unit) => unit.level === level).length} ${level} records`,
  );
  const summary = `valid: ${levels.join(", ")}, ${lineage.length} lineage events`;
  const output = serializeUnitDataset(result.dataset);
  if (values.out === undefined) {
    process.stdout.write(output);
    say(summary);
    return 0;
  }
  const previous = existingDataset(values.out);
  if (previous !== undefined) {
    const changes = diffUnitDatasets(previous, result.dataset);
    if (!hasChanges(changes)) {
      say(`${summary}; no change: ${values.out} already holds this dataset`);
      return 0;
    }
    for (const line of describeChanges(changes)) say(`  ${line}`);
  }
  writeFileSync(values.out, output);
  say(`${summary} → ${values.out}`);
  return 0;
}

/** The dataset an earlier import wrote to `path`, if any; a file that is not one is replaced. */
function existingDataset(path: string): UnitDataset | undefined {
  if (!existsSync(path)) return undefined;
  const text = readText(path);
  if (text === undefined) return undefined;
  const parsed = parseUnitsJson(text);
  if (parsed.ok) return parsed.dataset;
  say(`${path} holds no valid dataset (${parsed.errors.length} problem(s)); it will be replaced`);
  return undefined;
}

process.exitCode = main(process.argv.slice(2));

import { CsvSyntaxError, parseCsv } from "./csv.ts";
import { JsonSyntaxError, parseJsonWithLines } from "./json-lines.ts";
import { type DatasetIssue, type DatasetResult, type UnitDataset, unitRecord } from "./model.ts";
import { validateUnitDataset } from "./validate.ts";

export interface ImportOptions {
  /** Called after each row is validated with the rows done and the total, for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface CsvImportOptions extends ImportOptions {
  /** The lineage table as CSV (columns in LINEAGE_CSV_COLUMNS), when there is one. */
  readonly lineageCsv?: string;
}

/** Units CSV columns: dataset field ← column. parent_code and valid_to may be empty. */
export const UNIT_CSV_COLUMNS = {
  code: "code",
  name: "name",
  level: "level",
  kind: "kind",
  parentCode: "parent_code",
  validFrom: "valid_from",
  validTo: "valid_to",
} as const;

/**
 * Lineage CSV columns; `from` and `to` list codes separated by ";" (`to` is empty for abolish).
 * `attribute_to` (a split's successor for re-attributed figures) may be left out of a file
 * without splits.
 */
export const LINEAGE_CSV_COLUMNS = {
  kind: "kind",
  effective: "effective",
  from: "from",
  to: "to",
  attributeTo: "attribute_to",
  basis: "basis",
} as const;
const OPTIONAL_CSV_COLUMNS: readonly string[] = [LINEAGE_CSV_COLUMNS.attributeTo];

/**
 * A dataset file in JSON: `{"units": [...], "lineage": [...]}` with the fields of AdministrativeUnit
 * and LineageEvent — the format the import CLI writes. Errors carry the line of their row.
 */
export function parseUnitsJson(text: string, options: ImportOptions = {}): DatasetResult {
  let located: ReturnType<typeof parseJsonWithLines>;
  try {
    located = parseJsonWithLines(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {
      ok: false,
      errors: [
        { section: "dataset", line: error.line, message: `not valid JSON: ${error.message}` },
      ],
    };
  }
  const { value } = located;
  const rows = (field: string) => {
    const list =
      typeof value === "object" && value !== null
        ? (value as Record<string, unknown>)[field]
        : undefined;
    return Array.isArray(list) ? located.elementLines(list) : undefined;
  };
  return validateUnitDataset(value, {
    ...options,
    lines: { units: rows("units") ?? [], lineage: rows("lineage") ?? [] },
  });
}

/**
 * A units CSV (header row with the UNIT_CSV_COLUMNS names, in any order) and optionally a lineage
 * CSV. Empty cells are absent values. Errors carry the line of their row in their file (`section`
 * says which file).
 */
export function parseUnitsCsv(unitsCsv: string, options: CsvImportOptions = {}): DatasetResult {
  const units = readTable(unitsCsv, UNIT_CSV_COLUMNS, "units", () => undefined);
  const lineage =
    options.lineageCsv === undefined
      ? { rows: [], lines: [], errors: [] }
      : readTable(options.lineageCsv, LINEAGE_CSV_COLUMNS, "lineage", (field, cell) =>
          field === "from" || field === "to" ? codeList(cell) : undefined,
        );
  const errors = [...units.errors, ...lineage.errors];
  if (errors.length > 0) return { ok: false, errors };
  return validateUnitDataset(
    { units: units.rows, lineage: lineage.rows },
    { ...options, lines: { units: units.lines, lineage: lineage.lines } },
  );
}

function codeList(cell: string): string[] {
  return cell
    .split(";")
    .map((code) => code.trim())
    .filter((code) => code !== "");
}

interface Table {
  readonly rows: Record<string, unknown>[];
  readonly lines: number[];
  readonly errors: DatasetIssue[];
}

function readTable(
  text: string,
  columns: Record<string, string>,
  section: "units" | "lineage",
  convert: (field: string, cell: string) => unknown,
): Table {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return {
      rows: [],
      lines: [],
      errors: [{ section, line: error.line, message: `not valid CSV: ${error.message}` }],
    };
  }
  const [header, ...body] = records;
  const expected = Object.values(columns);
  if (header === undefined) {
    return {
      rows: [],
      lines: [],
      errors: [
        {
          section,
          line: 1,
          message: `the file is empty; expected a header: ${expected.join(",")}`,
        },
      ],
    };
  }
  const names = header.fields.map((name) => name.trim());
  const headerErrors = [
    ...names
      .filter((name) => !expected.includes(name))
      .map((name) => `unknown column ${JSON.stringify(name)}`),
    ...names
      .filter((name, index) => names.indexOf(name) !== index)
      .map((name) => `column ${name} appears twice`),
    ...expected
      .filter((name) => !names.includes(name) && !OPTIONAL_CSV_COLUMNS.includes(name))
      .map((name) => `missing column ${name}`),
  ];
  if (headerErrors.length > 0) {
    return {
      rows: [],
      lines: [],
      errors: headerErrors.map((message) => ({
        section,
        line: header.line,
        message: `${message} (expected ${expected.join(",")})`,
      })),
    };
  }
  const errors: DatasetIssue[] = [];
  const rows = body.map((record) => {
    if (record.fields.length !== names.length) {
      errors.push({
        section,
        line: record.line,
        message: `${record.fields.length} cells, but the header has ${names.length} columns`,
      });
    }
    const row: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(columns)) {
      const index = names.indexOf(column);
      const cell = index === -1 ? "" : (record.fields[index] ?? "").trim();
      const value = convert(field, cell) ?? (cell === "" ? undefined : cell);
      if (value !== undefined) row[field] = value;
    }
    return row;
  });
  return { rows, lines: body.map((record) => record.line), errors };
}

/** The dataset as the JSON file `parseUnitsJson` reads: fields in a fixed order, one per line. */
export function serializeUnitDataset(dataset: UnitDataset): string {
  const units = dataset.units.map(unitRecord);
  const lineage = dataset.lineage.map(({ kind, effective, from, to, attributeTo, basis }) => ({
    kind,
    effective,
    from,
    to,
    attributeTo,
    basis,
  }));
  return `${JSON.stringify({ units, lineage }, null, 2)}\n`;
}

import { z } from "zod";
import { addDays, isLocalDate, type LocalDate } from "../calendar/local-date.ts";
import { nameKey } from "../text/name-key.ts";
import { nfc } from "../text/normalize.ts";
import { normalizeTonePlacement } from "../text/tone-placement.ts";
import {
  type AdministrativeUnit,
  CODE_LENGTH,
  type DatasetIssue,
  type DatasetResult,
  datasetIssue,
  describePeriod,
  isValidOn,
  LINEAGE_KINDS,
  type LineageEvent,
  TWO_TIER_REFORM_DATE,
  UNIT_KINDS,
  UNIT_KINDS_BY_LEVEL,
  UNIT_LEVELS,
  type UnitDataset,
} from "./model.ts";

export class UnitDatasetError extends Error {
  readonly issues: readonly DatasetIssue[];

  constructor(issues: readonly DatasetIssue[]) {
    const lines = issues.map((issue) =>
      issue.line === undefined ? issue.message : `line ${issue.line}: ${issue.message}`,
    );
    super(`Invalid unit dataset:\n  - ${lines.join("\n  - ")}`);
    this.name = "UnitDatasetError";
    this.issues = issues;
  }
}

/** The file line of each row, by index: row i of `units` is on line `units[i]`. */
export interface SourceLines {
  readonly units?: readonly number[];
  readonly lineage?: readonly number[];
}

export interface ValidateOptions {
  readonly lines?: SourceLines;
  /** Called after each row with the rows done and the total, for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
}

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/** The message for a value of the wrong type, or for a missing one. */
const expected = (field: string, what: string) => (issue: { input: unknown }) =>
  issue.input === undefined
    ? `${field} is missing`
    : `${field}: ${shown(issue.input)} is not ${what}`;

const localDate = (field: string) =>
  z.string({ error: expected(field, "a date written as YYYY-MM-DD") }).refine(isLocalDate, {
    error: (issue) =>
      `${field}: ${shown(issue.input)} is not a calendar date written as YYYY-MM-DD`,
  });

const text = (field: string) =>
  z
    .string({ error: expected(field, "text") })
    .transform((value) => nfc(value).trim().replace(/\s+/g, " "))
    .refine((value) => value.length > 0, { error: `${field} must not be empty` });

const code = (field: string) =>
  z
    .string({ error: expected(field, "text (codes are text, to keep their leading zeros)") })
    .regex(/^\d+$/, {
      error: (issue) => `${field}: ${shown(issue.input)} is not a code of digits`,
    });

const unitSchema = z.strictObject({
  code: code("code"),
  // One placement of tone marks, the one the official list uses, so "Hoà" and "Hòa" are one name.
  name: text("name").transform(normalizeTonePlacement),
  level: z.enum(UNIT_LEVELS, { error: expected("level", `one of ${UNIT_LEVELS.join(", ")}`) }),
  kind: z.enum(UNIT_KINDS, { error: expected("kind", `one of ${UNIT_KINDS.join(", ")}`) }),
  parentCode: code("parentCode").optional(),
  validFrom: localDate("validFrom"),
  validTo: localDate("validTo").optional(),
});

const lineageSchema = z.strictObject({
  from: z.array(code("from"), { error: expected("from", "a list of codes") }),
  to: z.array(code("to"), { error: expected("to", "a list of codes") }),
  kind: z.enum(LINEAGE_KINDS, { error: expected("kind", `one of ${LINEAGE_KINDS.join(", ")}`) }),
  effective: localDate("effective"),
  basis: text("basis"),
  attributeTo: code("attributeTo").optional(),
});

const datasetShape = z.strictObject(
  {
    units: z.array(z.unknown(), { error: expected("units", "a list") }),
    lineage: z.array(z.unknown(), { error: expected("lineage", "a list") }).optional(),
  },
  { error: 'a dataset is an object {"units": [...], "lineage": [...]}' },
);

interface Row<T> {
  readonly value: T;
  readonly line: number | undefined;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown field(s): ${issue.keys.join(", ")}`;
  const field = String(issue.path[0] ?? "");
  return field === "" || issue.message.startsWith(field)
    ? issue.message
    : `${field}: ${issue.message}`;
}

const levelRank = (unit: AdministrativeUnit) => UNIT_LEVELS.indexOf(unit.level);
const describeUnit = (unit: AdministrativeUnit) =>
  `${unit.code} ${unit.name} (${describePeriod(unit)})`;
const atLine = (row: Row<unknown>) => (row.line === undefined ? "" : `, line ${row.line}`);

/** The periods of two records overlap. */
function overlaps(a: AdministrativeUnit, b: AdministrativeUnit): boolean {
  return (
    (a.validTo === undefined || b.validFrom <= a.validTo) &&
    (b.validTo === undefined || a.validFrom <= b.validTo)
  );
}

/**
 * Checks a dataset (`{units, lineage}` as read from JSON or CSV) and returns it normalised — names in
 * NFC with one tone placement, rows sorted — or every problem found, each with its file line when
 * `lines` are given. The rules (those across rows are checked once every row is well formed):
 * - each row is well formed: a code of 2/3/5 digits matching its level, a kind of that level,
 *   real dates with validFrom ≤ validTo, a parent for districts and communes and none for provinces;
 * - no district is valid on or after 2025-07-01 (the district level was abolished);
 * - records of one code do not overlap in time;
 * - a parent exists, is of a higher level, and has records covering the child's whole period;
 * - no two units under one parent share a name (compared with nameKey) at the same time;
 * - a lineage event has the codes its kind needs (a split, with `attributeTo` one of its `to`
 *   codes, and no other kind with one); each `from` code has a record ending the day
 *   before `effective`, each `to` code one starting on it. Since every event goes forward in time,
 *   lineage cannot form a cycle: an attempted one breaks this rule and is reported by it;
 * - every record that ends is continued: by a lineage event from it, or by a record of the same code
 *   starting the next day (use `abolish` for a unit that ceased to exist).
 */
export function validateUnitDataset(input: unknown, options: ValidateOptions = {}): DatasetResult {
  const shape = datasetShape.safeParse(input);
  if (!shape.success) {
    return {
      ok: false,
      errors: shape.error.issues.map((issue) => datasetIssue("dataset", issueMessage(issue))),
    };
  }
  const rawUnits = shape.data.units;
  const rawLineage = shape.data.lineage ?? [];
  const total = rawUnits.length + rawLineage.length;
  let done = 0;
  const progress = () => {
    done += 1;
    options.onProgress?.(done, total);
  };

  const errors: DatasetIssue[] = [];
  const units: Row<AdministrativeUnit>[] = [];
  rawUnits.forEach((raw, index) => {
    const line = options.lines?.units?.[index];
    const report = (message: string) => errors.push(datasetIssue("units", message, line));
    const parsed = unitSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) report(issueMessage(issue));
    } else {
      const unit = toUnit(parsed.data);
      const problems = rowProblems(unit);
      for (const problem of problems) report(problem);
      if (problems.length === 0) units.push({ value: unit, line });
    }
    progress();
  });

  const lineage: Row<LineageEvent>[] = [];
  rawLineage.forEach((raw, index) => {
    const line = options.lines?.lineage?.[index];
    const parsed = lineageSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push(datasetIssue("lineage", issueMessage(issue), line));
      }
    } else {
      const { attributeTo, ...event } = parsed.data;
      lineage.push({ value: attributeTo === undefined ? event : { ...event, attributeTo }, line });
    }
    progress();
  });

  // Rules across rows run once every row is well formed: a rejected row would otherwise show up
  // again as a missing parent or lineage code.
  if (errors.length > 0) return { ok: false, errors };
  const problems = datasetProblems(units, lineage);
  if (problems.length > 0) return { ok: false, errors: problems };
  return {
    ok: true,
    dataset: sortDataset({
      units: units.map((row) => row.value),
      lineage: lineage.map((row) => row.value),
    }),
  };
}

/** Absent optional fields stay absent rather than becoming `undefined` properties. */
function toUnit(row: z.output<typeof unitSchema>): AdministrativeUnit {
  const { parentCode, validTo, ...required } = row;
  return {
    ...required,
    ...(parentCode === undefined ? {} : { parentCode }),
    ...(validTo === undefined ? {} : { validTo }),
  };
}

function rowProblems(unit: AdministrativeUnit): string[] {
  const problems: string[] = [];
  const length = CODE_LENGTH[unit.level];
  if (unit.code.length !== length) {
    problems.push(
      `code ${shown(unit.code)} has ${unit.code.length} digit(s) but a ${unit.level} code has ${length}` +
        (unit.code.length < length
          ? " (a spreadsheet may have dropped leading zeros: keep codes as text)"
          : ""),
    );
  }
  const kinds: readonly string[] = UNIT_KINDS_BY_LEVEL[unit.level];
  if (!kinds.includes(unit.kind)) {
    problems.push(`kind ${unit.kind} is not a ${unit.level} kind (${kinds.join(", ")})`);
  }
  if (unit.validTo !== undefined && unit.validTo < unit.validFrom) {
    problems.push(`validTo ${unit.validTo} is before validFrom ${unit.validFrom}`);
  }
  if (unit.level === "province" && unit.parentCode !== undefined) {
    problems.push(`a province has no parent, but parentCode is ${unit.parentCode}`);
  }
  if (unit.level !== "province" && unit.parentCode === undefined) {
    problems.push(`a ${unit.level} needs a parentCode`);
  }
  if (
    unit.level === "district" &&
    (unit.validTo === undefined || unit.validTo >= TWO_TIER_REFORM_DATE)
  ) {
    problems.push(
      `district ${unit.code} is valid on or after ${TWO_TIER_REFORM_DATE}, when the district level was abolished: its validTo must be ${addDays(TWO_TIER_REFORM_DATE, -1)} or earlier`,
    );
  }
  return problems;
}

function datasetProblems(
  units: readonly Row<AdministrativeUnit>[],
  lineage: readonly Row<LineageEvent>[],
): DatasetIssue[] {
  const problems: DatasetIssue[] = [];
  const byCode = new Map<string, Row<AdministrativeUnit>[]>();
  for (const row of units) byCode.set(row.value.code, [...(byCode.get(row.value.code) ?? []), row]);
  for (const rows of byCode.values())
    rows.sort((a, b) => (a.value.validFrom < b.value.validFrom ? -1 : 1));

  const unitIssue = (row: Row<unknown>, message: string) =>
    datasetIssue("units", message, row.line);

  for (const rows of byCode.values()) {
    rows.forEach((row, index) => {
      for (const earlier of rows.slice(0, index)) {
        if (overlaps(earlier.value, row.value)) {
          problems.push(
            unitIssue(
              row,
              `${describeUnit(row.value)} overlaps ${describeUnit(earlier.value)}${atLine(earlier)}: records of one code must not overlap in time`,
            ),
          );
        }
      }
    });
  }

  for (const row of units) {
    const unit = row.value;
    if (unit.parentCode === undefined) continue;
    const parents = byCode.get(unit.parentCode);
    if (parents === undefined) {
      problems.push(
        unitIssue(row, `${describeUnit(unit)}: parent ${unit.parentCode} does not exist`),
      );
      continue;
    }
    const wrongLevel = parents.find((parent) => levelRank(parent.value) >= levelRank(unit));
    if (wrongLevel !== undefined) {
      problems.push(
        unitIssue(
          row,
          `${describeUnit(unit)}: parent ${describeUnit(wrongLevel.value)} is a ${wrongLevel.value.level}, not above a ${unit.level}`,
        ),
      );
      continue;
    }
    const gap = firstUncoveredDay(
      unit,
      parents.map((parent) => parent.value),
    );
    if (gap !== undefined) {
      problems.push(
        unitIssue(
          row,
          `${describeUnit(unit)}: parent ${unit.parentCode} is not valid on ${gap}; a parent must be valid over the child's whole period`,
        ),
      );
    }
  }

  const bySiblingGroup = new Map<string, Row<AdministrativeUnit>[]>();
  for (const row of units) {
    const group = `${row.value.parentCode ?? "-"}|${nameKey(row.value.name)}`;
    bySiblingGroup.set(group, [...(bySiblingGroup.get(group) ?? []), row]);
  }
  for (const rows of bySiblingGroup.values()) {
    rows.forEach((row, index) => {
      for (const earlier of rows.slice(0, index)) {
        if (earlier.value.code !== row.value.code && overlaps(earlier.value, row.value)) {
          const parent =
            row.value.parentCode === undefined
              ? "at province level"
              : `under ${row.value.parentCode}`;
          problems.push(
            unitIssue(
              row,
              `${describeUnit(row.value)} has the same name ${parent}, at the same time, as ${describeUnit(earlier.value)}${atLine(earlier)}`,
            ),
          );
        }
      }
    });
  }

  const recordEnding = (unitCode: string, lastDay: LocalDate) =>
    byCode.get(unitCode)?.find((row) => row.value.validTo === lastDay);
  const recordStarting = (unitCode: string, firstDay: LocalDate) =>
    byCode.get(unitCode)?.find((row) => row.value.validFrom === firstDay);

  const continuedByEvent = new Set<string>();
  for (const row of lineage) {
    const event = row.value;
    const report = (message: string) =>
      problems.push(
        datasetIssue("lineage", `${event.kind} on ${event.effective}: ${message}`, row.line),
      );
    const countProblem = lineageShapeProblem(event);
    if (countProblem !== undefined) report(countProblem);
    const dayBefore = addDays(event.effective, -1);
    for (const fromCode of event.from) {
      if (!byCode.has(fromCode)) report(`from ${fromCode} does not exist`);
      else if (recordEnding(fromCode, dayBefore) === undefined)
        report(`from ${fromCode} has no record ending on ${dayBefore}, the day before the event`);
      continuedByEvent.add(`${fromCode}|${dayBefore}`);
    }
    for (const toCode of event.to) {
      if (!byCode.has(toCode)) report(`to ${toCode} does not exist`);
      else if (recordStarting(toCode, event.effective) === undefined)
        report(`to ${toCode} has no record starting on ${event.effective}, the day of the event`);
    }
  }

  for (const row of units) {
    const { code: unitCode, validTo } = row.value;
    if (validTo === undefined || continuedByEvent.has(`${unitCode}|${validTo}`)) continue;
    if (recordStarting(unitCode, addDays(validTo, 1)) !== undefined) continue;
    problems.push(
      unitIssue(
        row,
        `${describeUnit(row.value)} ends with no successor: add a lineage event from ${unitCode} effective ${addDays(validTo, 1)} (abolish if it ceased to exist), or the code's next record`,
      ),
    );
  }
  return problems;
}

/** The first day of the child's period on which none of the parent's records is valid. */
function firstUncoveredDay(
  child: AdministrativeUnit,
  parents: readonly AdministrativeUnit[],
): LocalDate | undefined {
  let day: LocalDate = child.validFrom;
  for (;;) {
    const cover = parents.find((parent) => isValidOn(parent, day));
    if (cover === undefined) return day;
    if (cover.validTo === undefined) return undefined;
    if (child.validTo !== undefined && cover.validTo >= child.validTo) return undefined;
    day = addDays(cover.validTo, 1);
  }
}

function lineageShapeProblem(event: LineageEvent): string | undefined {
  const { from, to, attributeTo } = event;
  if (event.kind !== "split" && attributeTo !== undefined)
    return `attributeTo ${attributeTo} belongs to a split only`;
  switch (event.kind) {
    case "merge":
      return from.length >= 2 && to.length === 1
        ? undefined
        : "a merge goes from two or more codes to one";
    case "split":
      if (from.length !== 1 || to.length < 2) return "a split goes from one code to two or more";
      if (attributeTo === undefined)
        return "a split names in attributeTo the successor its past facts are re-attributed to";
      return to.includes(attributeTo)
        ? undefined
        : `attributeTo ${attributeTo} is not one of the split's successors (${to.join(", ")})`;
    case "rename":
      return from.length === 1 && to.length === 1
        ? undefined
        : "a rename goes from one code to one";
    case "reparent":
      return from.length === 1 && to.length === 1 && from[0] === to[0]
        ? undefined
        : "a reparent goes from one code to the same code";
    case "abolish":
      return from.length >= 1 && to.length === 0
        ? undefined
        : "an abolish goes from one or more codes to none";
  }
}

/** Provinces, districts, communes; by code and period. Lineage by date. The order files are written in. */
export function sortDataset(dataset: UnitDataset): UnitDataset {
  const units = [...dataset.units].sort(
    (a, b) =>
      levelRank(a) - levelRank(b) ||
      compareText(a.code, b.code) ||
      compareText(a.validFrom, b.validFrom),
  );
  const lineage = [...dataset.lineage].sort(
    (a, b) =>
      compareText(a.effective, b.effective) ||
      compareText(a.from.join(","), b.from.join(",")) ||
      compareText(a.to.join(","), b.to.join(",")),
  );
  return { units, lineage };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The normalised dataset, or UnitDatasetError listing every problem. */
export function assertValidUnitDataset(input: unknown): UnitDataset {
  const result = validateUnitDataset(input);
  if (!result.ok) throw new UnitDatasetError(result.errors);
  return result.dataset;
}

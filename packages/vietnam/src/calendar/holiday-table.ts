import { z } from "zod";
import { isLocalDate, isWeekend, type LocalDate, yearOf } from "./local-date.ts";

/**
 * - `holiday`: a public holiday of the Labour Code (art. 112): New Year, Tết, Hùng Kings, 30/4,
 *   1/5, 2/9 and its adjacent day. Listed even when it falls on a weekend, for the record.
 * - `compensatory_day_off`: a weekday off in exchange: the next working day after a holiday that
 *   fell on a weekend (art. 111(3)), or the weekday of an announced swap.
 * - `compensatory_working_day`: a Saturday or Sunday worked in exchange for a swapped weekday.
 */
export const HOLIDAY_KINDS = [
  "holiday",
  "compensatory_day_off",
  "compensatory_working_day",
] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/** `official`: the dates were announced. `provisional`: some are our best estimate (see `note`). */
export const HOLIDAY_YEAR_STATUSES = ["official", "provisional"] as const;

const nonEmpty = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} must not be empty`);

const holidayEntrySchema = z.strictObject({
  date: z
    .string()
    .refine(isLocalDate, { error: "date must be a calendar date written as YYYY-MM-DD" }),
  name: nonEmpty("name").transform((name) => name.normalize("NFC")),
  kind: z.enum(HOLIDAY_KINDS, { error: `kind must be one of ${HOLIDAY_KINDS.join(", ")}` }),
  basis: nonEmpty("basis").transform((basis) => basis.normalize("NFC")),
});

const holidayYearSchema = z
  .strictObject({
    year: z.int({ error: "year must be an integer" }),
    status: z.enum(HOLIDAY_YEAR_STATUSES, {
      error: `status must be one of ${HOLIDAY_YEAR_STATUSES.join(", ")}`,
    }),
    note: nonEmpty("note").optional(),
    days: z.array(holidayEntrySchema, { error: "days must be an array" }),
  })
  .superRefine((year, context) => {
    const seen = new Set<LocalDate>();
    year.days.forEach((entry, index) => {
      // zod runs this even when a date failed its own check; that date is already reported.
      if (!isLocalDate(entry.date)) return;
      const path = ["days", index, "date"];
      if (yearOf(entry.date) !== year.year) {
        context.addIssue({ code: "custom", path, message: `${entry.date} is not in ${year.year}` });
      }
      if (seen.has(entry.date)) {
        context.addIssue({ code: "custom", path, message: `${entry.date} is listed twice` });
      }
      seen.add(entry.date);
      if (entry.kind === "compensatory_working_day" && !isWeekend(entry.date)) {
        context.addIssue({
          code: "custom",
          path,
          message: `${entry.date} is a weekday: only a Saturday or Sunday can be a compensatory working day`,
        });
      }
      if (entry.kind === "compensatory_day_off" && isWeekend(entry.date)) {
        context.addIssue({
          code: "custom",
          path,
          message: `${entry.date} is a weekend day: a compensatory day off must be a weekday`,
        });
      }
    });
  });

const holidayTableSchema = z
  .array(holidayYearSchema, { error: "a holiday table is an array of years" })
  .superRefine((years, context) => {
    const seen = new Set<number>();
    years.forEach((year, index) => {
      if (seen.has(year.year)) {
        context.addIssue({
          code: "custom",
          path: [index, "year"],
          message: `${year.year} appears twice`,
        });
      }
      seen.add(year.year);
    });
  });

export type HolidayEntry = z.infer<typeof holidayEntrySchema>;
export type HolidayYear = z.infer<typeof holidayYearSchema>;

/** A validated table: the years it covers, each complete (a year is all or nothing). */
export interface HolidayTable {
  readonly years: readonly HolidayYear[];
}

export class HolidayTableError extends Error {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`Invalid holiday table:\n  - ${issues.join("\n  - ")}`);
    this.name = "HolidayTableError";
    this.issues = issues;
  }
}

function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))
    .join("")
    .replace(/^\./, "");
}

/**
 * Validates a holiday table read from JSON: an array of years as in `src/calendar/holidays/`.
 * Throws HolidayTableError listing every problem with its place ("[1].days[3].date: …").
 */
export function loadHolidayTable(input: unknown): HolidayTable {
  const result = holidayTableSchema.safeParse(input);
  if (!result.success) {
    throw new HolidayTableError(
      result.error.issues.map((issue) => {
        const where = describePath(issue.path);
        return where === "" ? issue.message : `${where}: ${issue.message}`;
      }),
    );
  }
  return { years: [...result.data].sort((a, b) => a.year - b.year) };
}

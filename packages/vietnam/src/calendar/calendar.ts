import type { HolidayEntry, HolidayTable } from "./holiday-table.ts";
import {
  addDays,
  assertLocalDate,
  isWeekend,
  type LocalDate,
  toDayNumber,
  yearOf,
} from "./local-date.ts";
import { endOfLocalDay, type Instant, localDateOf } from "./zone.ts";

/** Thrown for a date whose year the holiday table does not cover: a missing year is not holiday-free. */
export class MissingHolidayYearError extends Error {
  readonly year: number;

  constructor(year: number, coveredYears: readonly number[]) {
    const covered = coveredYears.length === 0 ? "none" : coveredYears.join(", ");
    super(
      `The holiday table has no year ${year} (it covers: ${covered}); add ${year} to the table before counting working days in it`,
    );
    this.name = "MissingHolidayYearError";
    this.year = year;
  }
}

/**
 * Working days in Vietnam (Asia/Ho_Chi_Minh): Monday to Friday, except the table's holidays and
 * compensatory days off, plus the table's compensatory working days (Saturdays or Sundays worked in
 * exchange for a swapped weekday). Every method throws MissingHolidayYearError when it needs a
 * year the table does not have.
 */
export interface WorkingDayCalendar {
  readonly table: HolidayTable;
  isWorkingDay(date: LocalDate): boolean;
  /** The table's entry for a date (holiday, compensatory day off or working day), if any. */
  entryOn(date: LocalDate): HolidayEntry | undefined;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /** The n-th working day strictly after `start` (n ≥ 0; n = 0 gives `start` itself). */
  addWorkingDays(start: LocalDate, n: number): LocalDate;
  /** The n-th working day strictly before `date` (n ≥ 0; n = 0 gives `date` itself). */
  subtractWorkingDays(date: LocalDate, n: number): LocalDate;
  /**
   * Working days strictly after `a` up to and including `b`; when b < a, minus the working days
   * strictly after `b` up to and including `a`. So between(a, a) = 0, between(a, b) =
   * −between(b, a), and between(a, b) + between(b, c) = between(a, c).
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number;
  /**
   * The deadline of something received at `receivedAt` and due within `workingDays` working days:
   * the day of receipt (in Vietnam) does not count, the deadline is the last millisecond
   * (23:59:59.999 in Vietnam) of the n-th working day after it, as an ISO UTC instant.
   */
  deadlineAfter(receivedAt: Instant, workingDays: number): string;
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`a number of working days must be a whole number ≥ 0, got ${n}`);
  }
}

export function createCalendar(table: HolidayTable): WorkingDayCalendar {
  const coveredYears = table.years.map((year) => year.year);
  const covered = new Set(coveredYears);
  const entries = new Map<LocalDate, HolidayEntry>(
    table.years.flatMap((year) => year.days.map((entry) => [entry.date, entry] as const)),
  );

  function entryOn(date: LocalDate): HolidayEntry | undefined {
    const year = yearOf(date);
    if (!covered.has(year)) throw new MissingHolidayYearError(year, coveredYears);
    return entries.get(date);
  }

  function isWorkingDay(date: LocalDate): boolean {
    const entry = entryOn(date);
    if (entry === undefined) return !isWeekend(date);
    return entry.kind === "compensatory_working_day";
  }

  /** The n-th working day from `date` in direction `step` (+1 or −1), `date` itself not counted. */
  function walk(date: LocalDate, n: number, step: 1 | -1): LocalDate {
    assertLocalDate(date);
    assertCount(n);
    let current = date;
    for (let found = 0; found < n; ) {
      current = addDays(current, step);
      if (isWorkingDay(current)) found += 1;
    }
    return current;
  }

  function workingDaysBetween(a: LocalDate, b: LocalDate): number {
    const [from, to, sign] = toDayNumber(a) <= toDayNumber(b) ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let current = from; current !== to; ) {
      current = addDays(current, 1);
      if (isWorkingDay(current)) count += 1;
    }
    return sign * count;
  }

  const addWorkingDays = (start: LocalDate, n: number) => walk(start, n, 1);

  return {
    table,
    isWorkingDay,
    entryOn,
    nextWorkingDay: (date) => walk(date, 1, 1),
    addWorkingDays,
    subtractWorkingDays: (date, n) => walk(date, n, -1),
    workingDaysBetween,
    deadlineAfter: (receivedAt, workingDays) =>
      endOfLocalDay(addWorkingDays(localDateOf(receivedAt), workingDays)),
  };
}

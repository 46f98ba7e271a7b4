import { EARLIEST_DAY, LATEST_DAY } from "@danvan/contracts";
import type { LocalDate } from "@danvan/vietnam/calendar";
import {
  addDays,
  endOfLocalDay,
  isLocalDate,
  localDateOf,
  startOfLocalDay,
} from "@danvan/vietnam/calendar";

const periodKinds = ["day", "month", "quarter", "year"] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** A reporting period in Vietnam's calendar: `2026-11-21`, `2026-11`, `2026-Q4`, `2026`. */
export interface Period {
  kind: PeriodKind;
  key: string;
  /** First and last day of the period in Vietnam. */
  firstDay: LocalDate;
  lastDay: LocalDate;
  /** First and last instant of the period (Asia/Ho_Chi_Minh days), ISO. */
  from: string;
  to: string;
}

const PATTERNS: Record<PeriodKind, RegExp> = {
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
  month: /^(\d{4})-(\d{2})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

const EARLIEST_YEAR = Number(EARLIEST_DAY.slice(0, 4));
const LATEST_YEAR = Number(LATEST_DAY.slice(0, 4));

const pad = (n: number) => String(n).padStart(2, "0");

function lastDayOfMonth(year: number, month: number): LocalDate {
  return addDays(`${year + Math.floor(month / 12)}-${pad((month % 12) + 1)}-01`, -1);
}

/** Periods are asked for on every dashboard request and every event: each key is worked out once. */
const parsed = new Map<string, Period | undefined>();

/** The period a key names, or undefined when it names none (`2026-13`, `2026-Q5`, `yesterday`). */
export function parsePeriod(key: string): Period | undefined {
  if (parsed.has(key)) return parsed.get(key);
  const period = computePeriod(key);
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(key, period);
  return period;
}

function computePeriod(key: string): Period | undefined {
  for (const kind of Object.keys(PATTERNS) as PeriodKind[]) {
    const match = PATTERNS[kind].exec(key);
    if (!match) continue;
    const year = Number(match[1]);
    // The platform's years (contracts' EARLIEST_DAY…LATEST_DAY): no calendar covers others.
    if (year < EARLIEST_YEAR || year > LATEST_YEAR) return undefined;
    let first: LocalDate;
    let last: LocalDate;
    if (kind === "day") {
      if (!isLocalDate(key)) return undefined;
      first = key;
      last = key;
    } else if (kind === "month") {
      const month = Number(match[2]);
      if (month < 1 || month > 12) return undefined;
      first = `${year}-${pad(month)}-01`;
      last = lastDayOfMonth(year, month);
    } else if (kind === "quarter") {
      const quarter = Number(match[2]);
      first = `${year}-${pad(quarter * 3 - 2)}-01`;
      last = lastDayOfMonth(year, quarter * 3);
    } else {
      first = `${year}-01-01`;
      last = `${year}-12-31`;
    }
    return {
      kind,
      key,
      firstDay: first,
      lastDay: last,
      from: startOfLocalDay(first),
      to: endOfLocalDay(last),
    };
  }
  return undefined;
}

/**
 * Figures are stored per day and month only. A quarter's or a year's are the sums of its
 * months' (every stored figure is a count), worked out when read: an event then changes two
 * figures documents per unit, not four.
 */
export const isSummedPeriod = (period: Period) =>
  period.kind === "quarter" || period.kind === "year";

/** The months a quarter or a year is made of. */
export function monthsOf(period: Period): Period[] {
  const [firstYear, firstMonth] = period.firstDay.split("-").map(Number) as [number, number];
  const [, lastMonth] = period.lastDay.split("-").map(Number) as [number, number];
  const months: Period[] = [];
  for (let month = firstMonth; month <= lastMonth; month++) {
    months.push(parsePeriod(`${firstYear}-${pad(month)}`) as Period);
  }
  return months;
}

/** The quarter and the year whose figures sum a month's. */
export function periodsSummingMonth(month: Period): Period[] {
  const [year, m] = month.key.split("-").map(Number) as [number, number];
  return [`${year}-Q${Math.ceil(m / 3)}`, String(year)].map((key) => parsePeriod(key) as Period);
}

/** The day and month an instant falls in, in Vietnam: the periods whose figures are stored. */
export function storedPeriodsOf(instant: string): Period[] {
  return periodsOf(instant).filter((period) => !isSummedPeriod(period));
}

/** The day, month, quarter and year an instant falls in, in Vietnam. */
export function periodsOf(instant: string): Period[] {
  const day = localDateOf(instant);
  const [year, month] = day.split("-").map(Number) as [number, number];
  return [day, `${year}-${pad(month)}`, `${year}-Q${Math.ceil(month / 3)}`, String(year)].map(
    (key) => parsePeriod(key) as Period,
  );
}

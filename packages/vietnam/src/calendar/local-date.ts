/**
 * A calendar date as "YYYY-MM-DD": a day in Vietnam, with no time and no zone. Strings keep dates
 * readable in JSON, events and database documents, and they sort chronologically.
 */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Whether a value is a real calendar date written as "YYYY-MM-DD" ("2026-02-30" is not). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== "string") return false;
  const match = LOCAL_DATE.exec(value);
  if (match === null) return false;
  const [, year, month, day] = match.map(Number);
  const time = Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0);
  return new Date(time).toISOString().slice(0, 10) === value;
}

export function assertLocalDate(value: string): void {
  if (!isLocalDate(value)) {
    throw new RangeError(`"${value}" is not a calendar date written as YYYY-MM-DD`);
  }
}

/**
 * Days since 1970-01-01. The arithmetic runs on UTC midnights, which have no daylight saving and
 * no dependence on the machine's zone: a LocalDate is a label, not an instant.
 */
export function toDayNumber(date: LocalDate): number {
  assertLocalDate(date);
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): LocalDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function dayOfWeek(date: LocalDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: LocalDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

export function yearOf(date: LocalDate): number {
  assertLocalDate(date);
  return Number(date.slice(0, 4));
}

/** A date as Vietnamese readers write it: 2025-07-01 → "01/07/2025". */
export function formatVietnameseDate(date: LocalDate): string {
  const [year, month, day] = date.split("-");
  return `${day}/${month}/${year}`;
}

import { addDays, isLocalDate, type LocalDate } from "./local-date.ts";

/** Vietnam's zone: UTC+7 all year (no daylight saving since 1975). */
export const VIETNAM_TIME_ZONE = "Asia/Ho_Chi_Minh";

/** An instant: a Date, or an ISO 8601 string with a zone ("2026-02-13T03:00:00Z"). */
export type Instant = Date | string;

// The conversions ask Intl for the zone's wall clock, never the machine's zone (servers run in UTC,
// laptops anywhere).
const wallClock = new Intl.DateTimeFormat("en-CA", {
  timeZone: VIETNAM_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function toEpochMs(instant: Instant): number {
  const time = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(time)) throw new RangeError(`"${String(instant)}" is not a valid instant`);
  return time;
}

/**
 * Since 13 June 1975 the whole country keeps UTC+7 with no daylight saving, so from then on the
 * wall clock is plain arithmetic; Intl is asked only for earlier instants (the offset differed,
 * and the tz database knows how). Dashboards convert instants on every request: this is their
 * hot path (BENCHMARKS.md, dashboard-reads).
 */
const UTC_PLUS_7_SINCE = Date.UTC(1975, 5, 13);
const SEVEN_HOURS = 7 * 3_600_000;

/** The Vietnamese wall-clock reading of an instant, as if it were UTC (for offset arithmetic). */
function wallClockMs(epochMs: number): number {
  if (epochMs >= UTC_PLUS_7_SINCE) return epochMs + SEVEN_HOURS;
  return intlWallClockMs(epochMs);
}

function intlWallClockMs(epochMs: number): number {
  const parts = Object.fromEntries(
    wallClock.formatToParts(new Date(epochMs)).map((part) => [part.type, Number(part.value)]),
  );
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((epochMs % 1000) + 1000) % 1000);
}

/** The calendar date in Vietnam at an instant: 2026-02-13T17:30:00Z is already 14 February there. */
export function localDateOf(instant: Instant): LocalDate {
  return new Date(wallClockMs(toEpochMs(instant))).toISOString().slice(0, 10);
}

/** For the tests: the wall clock as Intl reads it, to compare the arithmetic with. */
export const wallClockByIntl = (instant: Date) => intlWallClockMs(instant.getTime());

/** Today's date in Vietnam. */
export function todayInVietnam(now: Date = new Date()): LocalDate {
  return localDateOf(now);
}

/** The instant a Vietnamese calendar day begins (00:00 local), as an ISO UTC string. */
export function startOfLocalDay(date: LocalDate): string {
  if (!isLocalDate(date))
    throw new RangeError(`"${date}" is not a calendar date written as YYYY-MM-DD`);
  const wallMidnight = Date.parse(`${date}T00:00:00Z`);
  // The zone's offset is read at a first guess and re-read at the result, which is exact for any
  // zone whose offset does not change within hours of midnight (Vietnam's never changes).
  let instant = wallMidnight - (wallClockMs(wallMidnight) - wallMidnight);
  instant = wallMidnight - (wallClockMs(instant) - instant);
  return new Date(instant).toISOString();
}

/** The last millisecond of a Vietnamese calendar day (23:59:59.999 local), as an ISO UTC string. */
export function endOfLocalDay(date: LocalDate): string {
  return new Date(Date.parse(startOfLocalDay(addDays(date, 1))) - 1).toISOString();
}

import { z } from "zod";
import { localized } from "./messages.ts";

/**
 * The years an instant or a day of the platform may fall in. Outside them a date is a typo or an
 * attack: no calendar, holiday table or unit list covers it, and date arithmetic past year 9999
 * leaves ISO 8601's four-digit years. Every date that enters (a command, a query, an event) is
 * held to the same range, so what a service accepts is always an event it can publish.
 */
export const EARLIEST_DAY = "1900-01-01";
export const LATEST_DAY = "2100-12-31";
const EARLIEST_MS = Date.parse(`${EARLIEST_DAY}T00:00:00.000Z`);
const LATEST_MS = Date.parse(`${LATEST_DAY}T23:59:59.999Z`);

/** Whether an ISO 8601 instant (any offset) falls in the range. */
const inRange = (value: string) => {
  const ms = Date.parse(value);
  return ms >= EARLIEST_MS && ms <= LATEST_MS;
};

const outOfRange = localized({
  vi: "phải là một thời điểm từ năm 1900 đến năm 2100",
  en: "a time between the years 1900 and 2100",
});

/** An instant as events carry it: UTC, ISO 8601 (`…Z`), between 1900 and 2100. */
export const instantSchema = z.iso.datetime().refine(inRange, { error: outOfRange });

/**
 * An instant as a command may give it (ISO 8601 with `Z` or an offset), between 1900 and 2100,
 * stored in one form (UTC, milliseconds: stored instants then compare as strings) that is an
 * `instantSchema` value: a command is never looser than the events it produces.
 */
export const instantInputSchema = z.iso
  .datetime({ offset: true })
  // Checked before the conversion: past year 9999 in UTC it would no longer be ISO 8601 at all.
  .refine(inRange, { error: outOfRange })
  .transform((value) => new Date(value).toISOString())
  .pipe(instantSchema);

/** A calendar day (2025-07-01) between 1900 and 2100. */
export const localDateSchema = z.iso
  .date()
  .refine((value) => value >= EARLIEST_DAY && value <= LATEST_DAY, {
    error: localized({
      vi: "phải là một ngày từ năm 1900 đến năm 2100",
      en: "a day between 1900 and 2100",
    }),
  });

import { afterEach, describe, expect, it } from "vitest";
import {
  addDays,
  dayOfWeek,
  endOfLocalDay,
  isLocalDate,
  localDateOf,
  startOfLocalDay,
  todayInVietnam,
} from "../../src/calendar/index.ts";

describe("LocalDate", () => {
  it("accepts real dates written YYYY-MM-DD only", () => {
    expect(isLocalDate("2024-02-29")).toBe(true);
    expect(isLocalDate("2025-02-29")).toBe(false);
    expect(isLocalDate("2026-2-1")).toBe(false);
    expect(isLocalDate("2026-02-16T00:00:00Z")).toBe(false);
    expect(isLocalDate(20260216)).toBe(false);
  });

  it("does date arithmetic across month and year ends", () => {
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(dayOfWeek("2026-02-17")).toBe(2);
    expect(() => addDays("2026-13-01", 1)).toThrow(/not a calendar date/);
  });
});

describe("Asia/Ho_Chi_Minh conversions", () => {
  const machineZone = process.env.TZ;
  afterEach(() => {
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });

  it("gives the date in Vietnam, which is UTC+7", () => {
    expect(localDateOf("2026-02-13T16:59:59.999Z")).toBe("2026-02-13");
    expect(localDateOf("2026-02-13T17:00:00Z")).toBe("2026-02-14");
    expect(localDateOf(new Date("2026-02-13T23:30:00-08:00"))).toBe("2026-02-14");
    expect(todayInVietnam(new Date("2025-06-30T17:00:00Z"))).toBe("2025-07-01");
  });

  it("gives the first and last instants of a Vietnamese day", () => {
    expect(startOfLocalDay("2026-02-14")).toBe("2026-02-13T17:00:00.000Z");
    expect(endOfLocalDay("2026-02-14")).toBe("2026-02-14T16:59:59.999Z");
    expect(endOfLocalDay("2026-12-31")).toBe("2026-12-31T16:59:59.999Z");
  });

  it("does not depend on the machine's time zone", () => {
    for (const zone of ["UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Europe/London"]) {
      process.env.TZ = zone;
      expect(localDateOf("2026-02-13T17:00:00Z")).toBe("2026-02-14");
      expect(startOfLocalDay("2026-03-29")).toBe("2026-03-28T17:00:00.000Z");
    }
  });

  it("refuses what is not an instant or a date", () => {
    expect(() => localDateOf("yesterday")).toThrow(/not a valid instant/);
    expect(() => startOfLocalDay("14/02/2026")).toThrow(/not a calendar date/);
  });
});

describe("the wall clock of Vietnam", () => {
  it("is UTC+7 arithmetic since June 1975, exactly as the tz database says", async () => {
    const { wallClockByIntl } = await import("../../src/calendar/zone.ts");
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1975-06-13T00:00:00Z"),
          max: new Date("2100-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        (instant) => {
          expect(wallClockByIntl(instant)).toBe(instant.getTime() + 7 * 3_600_000);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("still asks the tz database before then (Saigon kept UTC+8 until 1975)", async () => {
    const { localDateOf } = await import("../../src/calendar/zone.ts");
    // 1970-01-01T16:30Z was already 2 January in Saigon (UTC+8), not yet at UTC+7.
    expect(localDateOf("1970-01-01T16:30:00Z")).toBe("1970-01-02");
  });
});

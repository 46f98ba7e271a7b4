import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  createCalendar,
  defaultHolidayTable,
  type HolidayYear,
  loadHolidayTable,
  MissingHolidayYearError,
} from "../../src/calendar/index.ts";

const calendar = createCalendar(defaultHolidayTable);

describe("isWorkingDay", () => {
  it("is Monday to Friday in an ordinary week", () => {
    const week = [
      "2026-03-09",
      "2026-03-10",
      "2026-03-11",
      "2026-03-12",
      "2026-03-13",
      "2026-03-14",
      "2026-03-15",
    ];
    expect(week.map(calendar.isWorkingDay)).toEqual([true, true, true, true, true, false, false]);
  });

  it("is false on public holidays and compensatory days off", () => {
    expect(calendar.isWorkingDay("2026-01-01")).toBe(false);
    expect(calendar.isWorkingDay("2026-01-02")).toBe(false);
    expect(calendar.isWorkingDay("2026-04-27")).toBe(false);
    expect(calendar.isWorkingDay("2025-09-01")).toBe(false);
    expect(calendar.entryOn("2026-04-27")?.kind).toBe("compensatory_day_off");
  });

  it("is false through the whole Tết break", () => {
    const tet2026 = Array.from({ length: 9 }, (_, index) => addDays("2026-02-14", index));
    expect(tet2026.filter(calendar.isWorkingDay)).toEqual([]);
    expect(calendar.isWorkingDay("2026-02-13")).toBe(true);
    expect(calendar.isWorkingDay("2026-02-23")).toBe(true);
  });

  it("is true on a compensatory working Saturday", () => {
    expect(calendar.isWorkingDay("2024-05-04")).toBe(true);
    expect(calendar.isWorkingDay("2025-04-26")).toBe(true);
    expect(calendar.isWorkingDay("2026-01-10")).toBe(true);
    expect(calendar.isWorkingDay("2026-01-17")).toBe(false);
  });
});

describe("counting working days", () => {
  it("does not count the start day, and skips weekends", () => {
    expect(calendar.addWorkingDays("2026-03-13", 1)).toBe("2026-03-16");
    expect(calendar.addWorkingDays("2026-03-14", 1)).toBe("2026-03-16");
    expect(calendar.addWorkingDays("2026-03-09", 5)).toBe("2026-03-16");
    expect(calendar.addWorkingDays("2026-03-14", 0)).toBe("2026-03-14");
    expect(calendar.nextWorkingDay("2026-03-13")).toBe("2026-03-16");
  });

  it("from the last working day before Tết, skips the whole break", () => {
    expect(calendar.addWorkingDays("2026-02-13", 1)).toBe("2026-02-23");
    expect(calendar.addWorkingDays("2026-02-13", 10)).toBe("2026-03-06");
    expect(calendar.addWorkingDays("2025-01-24", 1)).toBe("2025-02-03");
    expect(calendar.workingDaysBetween("2026-02-13", "2026-02-23")).toBe(1);
  });

  it("counts a compensatory working Saturday", () => {
    // 2025: Saturday 26/4 worked, 30/4–4/5 off.
    expect(calendar.addWorkingDays("2025-04-25", 1)).toBe("2025-04-26");
    expect(calendar.addWorkingDays("2025-04-25", 4)).toBe("2025-05-05");
    expect(calendar.workingDaysBetween("2025-04-25", "2025-05-05")).toBe(4);
  });

  it("goes backwards with subtractWorkingDays", () => {
    expect(calendar.subtractWorkingDays("2026-03-16", 3)).toBe("2026-03-11");
    expect(calendar.subtractWorkingDays("2026-02-23", 1)).toBe("2026-02-13");
    expect(calendar.subtractWorkingDays("2026-02-23", 0)).toBe("2026-02-23");
  });

  it("counts working days strictly after a up to and including b, negative when b < a", () => {
    expect(calendar.workingDaysBetween("2026-03-09", "2026-03-09")).toBe(0);
    expect(calendar.workingDaysBetween("2026-03-09", "2026-03-13")).toBe(4);
    expect(calendar.workingDaysBetween("2026-03-13", "2026-03-09")).toBe(-4);
    expect(calendar.workingDaysBetween("2026-03-13", "2026-03-15")).toBe(0);
    expect(calendar.workingDaysBetween("2026-03-15", "2026-03-16")).toBe(1);
  });

  it("refuses a negative or fractional number of days, and what is not a date", () => {
    expect(() => calendar.addWorkingDays("2026-03-09", -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays("9/3/2026", 0)).toThrow(/not a calendar date/);
    expect(() => calendar.addWorkingDays("2026-03-09", 1.5)).toThrow(/whole number/);
  });
});

describe("deadlineAfter", () => {
  it("ends at 23:59:59.999 in Vietnam on the n-th working day after the day of receipt", () => {
    // Received Wednesday 11 March 2026, 09:00 in Vietnam; 10 working days → Wednesday 25 March.
    expect(calendar.deadlineAfter("2026-03-11T02:00:00Z", 10)).toBe("2026-03-25T16:59:59.999Z");
  });

  it("takes the day of receipt in Vietnam, not in UTC", () => {
    // 16:59:59 UTC on Thursday 12 February is 23:59:59 that Thursday in Vietnam; a second later
    // it is Friday 13 February there, the last working day before Tết.
    expect(calendar.deadlineAfter("2026-02-12T16:59:59Z", 1)).toBe("2026-02-13T16:59:59.999Z");
    expect(calendar.deadlineAfter("2026-02-12T17:00:00Z", 1)).toBe("2026-02-23T16:59:59.999Z");
  });

  it("counts from the next working day when received on a holiday", () => {
    expect(calendar.deadlineAfter(new Date("2026-02-17T03:00:00Z"), 2)).toBe(
      "2026-02-24T16:59:59.999Z",
    );
  });
});

describe("the table is data", () => {
  it("replacing it changes the results", () => {
    const corrected: HolidayYear[] = defaultHolidayTable.years.map((entryYear) =>
      entryYear.year !== 2026
        ? entryYear
        : {
            ...entryYear,
            days: [
              ...entryYear.days,
              {
                date: "2026-02-23",
                name: "Nghỉ thêm sau Tết (ví dụ)",
                kind: "compensatory_day_off",
                basis: "Thử nghiệm",
              },
            ],
          },
    );
    const replaced = createCalendar(loadHolidayTable(corrected));
    expect(calendar.addWorkingDays("2026-02-13", 1)).toBe("2026-02-23");
    expect(replaced.addWorkingDays("2026-02-13", 1)).toBe("2026-02-24");
    expect(replaced.table.years).toHaveLength(4);
  });

  it("a year outside the table is an error naming the year, never holiday-free", () => {
    expect(() => calendar.isWorkingDay("2028-01-03")).toThrow(MissingHolidayYearError);
    expect(() => calendar.isWorkingDay("2023-06-01")).toThrow(
      /no year 2023 \(it covers: 2024, 2025, 2026, 2027\)/,
    );
    expect(() => calendar.addWorkingDays("2027-12-30", 3)).toThrow(/no year 2028/);
    expect(() => calendar.workingDaysBetween("2027-12-01", "2028-01-10")).toThrow(/no year 2028/);
    const empty = createCalendar(loadHolidayTable([]));
    expect(() => empty.nextWorkingDay("2026-03-09")).toThrow(/no year 2026 \(it covers: none\)/);
  });
});

describe("properties", () => {
  // Start dates in 2024–2026 and counts small enough to stay inside the table's years.
  const start = fc.integer({ min: 0, max: 3 * 365 }).map((offset) => addDays("2024-01-01", offset));
  const count = fc.integer({ min: 1, max: 150 });

  it("addWorkingDays(d, n) is a working day for n ≥ 1", () => {
    fc.assert(
      fc.property(start, count, (date, n) =>
        calendar.isWorkingDay(calendar.addWorkingDays(date, n)),
      ),
    );
  });

  it("workingDaysBetween(d, addWorkingDays(d, n)) = n", () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 150 }), (date, n) => {
        expect(calendar.workingDaysBetween(date, calendar.addWorkingDays(date, n))).toBe(n);
      }),
    );
  });

  it("addWorkingDays is strictly increasing in n", () => {
    fc.assert(
      fc.property(start, count, count, (date, a, b) => {
        fc.pre(a !== b);
        const [low, high] = a < b ? [a, b] : [b, a];
        return calendar.addWorkingDays(date, low) < calendar.addWorkingDays(date, high);
      }),
    );
  });

  it("workingDaysBetween is antisymmetric and additive", () => {
    fc.assert(
      fc.property(start, start, start, (a, b, c) => {
        expect(calendar.workingDaysBetween(b, a)).toBe(-calendar.workingDaysBetween(a, b));
        expect(calendar.workingDaysBetween(a, b) + calendar.workingDaysBetween(b, c)).toBe(
          calendar.workingDaysBetween(a, c),
        );
      }),
      { numRuns: 30 },
    );
  });

  it("subtractWorkingDays undoes addWorkingDays from a working day", () => {
    fc.assert(
      fc.property(start, count, (date, n) => {
        fc.pre(calendar.isWorkingDay(date));
        expect(calendar.subtractWorkingDays(calendar.addWorkingDays(date, n), n)).toBe(date);
      }),
    );
  });
});

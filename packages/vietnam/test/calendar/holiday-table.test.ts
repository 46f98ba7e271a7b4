import { describe, expect, it } from "vitest";
import {
  dayOfWeek,
  defaultHolidayTable,
  HolidayTableError,
  loadHolidayTable,
} from "../../src/calendar/index.ts";

const entry = (date: string, kind = "holiday") => ({
  date,
  name: "Ngày lễ",
  kind,
  basis: "Thử nghiệm",
});
const year = (value: number, days: unknown[], extra: object = {}) => ({
  year: value,
  status: "official",
  days,
  ...extra,
});

function issuesOf(input: unknown): readonly string[] {
  try {
    loadHolidayTable(input);
  } catch (error) {
    if (error instanceof HolidayTableError) return error.issues;
    throw error;
  }
  throw new Error("the table was accepted");
}

describe("the shipped holiday table", () => {
  const byYear = new Map(defaultHolidayTable.years.map((entryYear) => [entryYear.year, entryYear]));
  const holidays = (value: number) =>
    byYear.get(value)?.days.filter((day) => day.kind === "holiday") ?? [];

  it("covers 2024–2027; 2024 and 2025 official, 2026 and 2027 provisional with a note saying why", () => {
    expect([...byYear.keys()]).toEqual([2024, 2025, 2026, 2027]);
    expect(byYear.get(2024)?.status).toBe("official");
    expect(byYear.get(2025)?.status).toBe("official");
    for (const provisional of [2026, 2027]) {
      expect(byYear.get(provisional)?.status).toBe("provisional");
      expect(byYear.get(provisional)?.note).toMatch(/\S/);
    }
  });

  it("has the eleven statutory days off each year: 1/1, five of Tết, Hùng Kings, 30/4, 1/5, 2/9 and one beside it", () => {
    for (const value of [2024, 2025, 2026, 2027]) {
      const names = holidays(value).map((day) => day.name);
      expect(holidays(value)).toHaveLength(11);
      expect(names.filter((name) => name.startsWith("Tết Nguyên đán"))).toHaveLength(5);
      for (const date of ["01-01", "04-30", "05-01", "09-02"]) {
        expect(holidays(value).map((day) => day.date)).toContain(`${value}-${date}`);
      }
    }
  });

  it("puts Hùng Kings' day on 10/3 of the lunar calendar", () => {
    const hungKings = (value: number) =>
      holidays(value).find((day) => day.name.startsWith("Giỗ Tổ"))?.date;
    expect([2024, 2025, 2026, 2027].map(hungKings)).toEqual([
      "2024-04-18",
      "2025-04-07",
      "2026-04-26",
      "2027-04-16",
    ]);
  });

  it("has a Tết break around each lunar new year", () => {
    const tet = (value: number) =>
      holidays(value)
        .filter((day) => day.name.startsWith("Tết Nguyên đán"))
        .map((day) => day.date);
    expect(tet(2024)).toEqual([
      "2024-02-08",
      "2024-02-09",
      "2024-02-12",
      "2024-02-13",
      "2024-02-14",
    ]);
    expect(tet(2025)).toEqual([
      "2025-01-27",
      "2025-01-28",
      "2025-01-29",
      "2025-01-30",
      "2025-01-31",
    ]);
    expect(tet(2026)).toEqual([
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
    ]);
    expect(tet(2027)).toEqual([
      "2027-02-04",
      "2027-02-05",
      "2027-02-08",
      "2027-02-09",
      "2027-02-10",
    ]);
  });

  it("balances every swap: as many compensatory working days as swapped weekdays", () => {
    const kinds = defaultHolidayTable.years.flatMap((entryYear) =>
      entryYear.days.map((day) => day.kind),
    );
    expect(kinds.filter((kind) => kind === "compensatory_working_day")).toHaveLength(3);
    for (const day of defaultHolidayTable.years.flatMap((entryYear) => entryYear.days)) {
      if (day.kind === "compensatory_working_day") expect([0, 6]).toContain(dayOfWeek(day.date));
    }
  });
});

describe("loadHolidayTable", () => {
  it("accepts a valid table and orders it by year", () => {
    const table = loadHolidayTable([year(2031, [entry("2031-01-01")]), year(2030, [])]);
    expect(table.years.map((entryYear) => entryYear.year)).toEqual([2030, 2031]);
  });

  it("normalises names to NFC", () => {
    const table = loadHolidayTable([
      year(2030, [{ ...entry("2030-01-01"), name: "Tết Dương lịch".normalize("NFD") }]),
    ]);
    expect(table.years[0]?.days[0]?.name).toBe("Tết Dương lịch");
  });

  it("says where each problem is", () => {
    expect(issuesOf([year(2030, [entry("2030-02-30")])])).toEqual([
      "[0].days[0].date: date must be a calendar date written as YYYY-MM-DD",
    ]);
    expect(issuesOf([year(2030, [entry("2031-01-01")])])).toEqual([
      "[0].days[0].date: 2031-01-01 is not in 2030",
    ]);
    expect(issuesOf([year(2030, [entry("2030-01-01"), entry("2030-01-01")])])).toEqual([
      "[0].days[1].date: 2030-01-01 is listed twice",
    ]);
    expect(issuesOf([year(2030, []), year(2030, [])])).toEqual(["[1].year: 2030 appears twice"]);
    expect(issuesOf([year(2030, [{ ...entry("2030-01-01"), kind: "day_off" }])])).toEqual([
      "[0].days[0].kind: kind must be one of holiday, compensatory_day_off, compensatory_working_day",
    ]);
    expect(issuesOf([year(2030, [], { status: "maybe", extra: 1 })])).toEqual(
      expect.arrayContaining([
        "[0].status: status must be one of official, provisional",
        expect.stringContaining("extra"),
      ]),
    );
    expect(issuesOf({ 2030: [] })).toEqual(["a holiday table is an array of years"]);
  });

  it("requires compensatory working days on weekends and compensatory days off on weekdays", () => {
    expect(
      issuesOf([
        year(2030, [
          entry("2030-01-02", "compensatory_working_day"),
          entry("2030-01-05", "compensatory_day_off"),
        ]),
      ]),
    ).toEqual([
      "[0].days[0].date: 2030-01-02 is a weekday: only a Saturday or Sunday can be a compensatory working day",
      "[0].days[1].date: 2030-01-05 is a weekend day: a compensatory day off must be a weekday",
    ]);
  });

  it("collects every problem in one error message", () => {
    expect(() => loadHolidayTable([year(2030, [entry("x"), entry("2030-13-01")])])).toThrow(
      /days\[0\]\.date[\s\S]*days\[1\]\.date/,
    );
  });
});

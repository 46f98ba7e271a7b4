import { describe, expect, it } from "vitest";
import { asKind, periodKind, shiftPeriod } from "../app/period.ts";

describe("periods", () => {
  it("know their kind", () => {
    expect(["2026-12-03", "2026-12", "2026-Q4", "2026"].map(periodKind)).toEqual([
      "day",
      "month",
      "quarter",
      "year",
    ]);
  });

  it("move by one of their kind across years and month ends", () => {
    expect(shiftPeriod("2026-12", 1)).toBe("2027-01");
    expect(shiftPeriod("2026-01", -1)).toBe("2025-12");
    expect(shiftPeriod("2026-Q1", -1)).toBe("2025-Q4");
    expect(shiftPeriod("2026-Q4", 1)).toBe("2027-Q1");
    expect(shiftPeriod("2026", -1)).toBe("2025");
    expect(shiftPeriod("2026-03-01", -1)).toBe("2026-02-28");
    expect(shiftPeriod("2028-02-28", 1)).toBe("2028-02-29");
    expect(shiftPeriod("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("become the period of another kind that holds their first day", () => {
    expect(asKind("2026-11", "quarter")).toBe("2026-Q4");
    expect(asKind("2026-Q3", "month")).toBe("2026-07");
    expect(asKind("2026-Q3", "day")).toBe("2026-07-01");
    expect(asKind("2026-05-17", "year")).toBe("2026");
  });
});

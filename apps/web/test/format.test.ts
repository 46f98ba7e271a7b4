import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber, formatRate, periodName } from "../app/format.ts";

describe("Vietnamese formats", () => {
  it("write days as dd/MM/yyyy in Vietnam, whatever the machine's zone", () => {
    // 17:30 UTC on 3 December is already 4 December in Vietnam.
    expect(formatDate("2026-12-03T17:30:00Z")).toBe("04/12/2026");
    expect(formatDate("2026-12-03")).toBe("03/12/2026");
    expect(formatDateTime("2026-12-03T01:02:03Z")).toBe("08:02:03 03/12/2026");
  });

  it("separate thousands with dots and decimals with a comma", () => {
    expect(formatNumber(1234567)).toBe("1.234.567");
    expect(formatRate(8534)).toBe("85,3 %");
    expect(formatRate(null)).toBe("—");
  });

  it("name periods in words", () => {
    expect(periodName("2026-12")).toBe("Tháng 12/2026");
    expect(periodName("2026-Q4")).toBe("Quý IV/2026");
    expect(periodName("2026")).toBe("Năm 2026");
    expect(periodName("2026-12-03")).toBe("Ngày 03/12/2026");
  });
});

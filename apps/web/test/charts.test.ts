import { describe, expect, it } from "vitest";
import { monthlyTrendDescription, monthlyTrendUrl, parseMonthlyTrendQuery } from "../app/charts.ts";
import { monthlyTrendSvg } from "../app/server/charts.server.ts";

const months = (december: number) =>
  Array.from({ length: 12 }, (_, i) => ({
    received: i === 11 ? december : i,
    answered: 0,
    overdue: i % 2,
  }));

describe("the monthly trend chart", () => {
  it("has an address that holds its figures, and reads them back", () => {
    const url = new URL(monthlyTrendUrl("2026", months(1234), "narrow"), "http://web");
    expect(url.pathname).toBe("/bieu-do/kien-nghi-theo-thang.svg");
    expect(parseMonthlyTrendQuery(url.searchParams)).toEqual({
      year: "2026",
      size: "narrow",
      months: months(1234),
    });
  });

  it("refuses an address it did not make", () => {
    const good = new URL(monthlyTrendUrl("2026", months(1), "wide"), "http://web").searchParams;
    for (const [name, value] of [
      ["nam", "26"],
      ["kho", "huge"],
      ["tiep-nhan", "1,2,3"],
      ["tra-loi", "0,0,0,0,0,0,0,0,0,0,0,-1"],
      ["qua-han", "0,0,0,0,0,0,0,0,0,0,0,1e9"],
    ] as const) {
      const bad = new URLSearchParams(good);
      bad.set(name, value);
      expect(parseMonthlyTrendQuery(bad), `${name}=${value}`).toBeUndefined();
    }
  });

  it("draws SVG for each size, the same drawing for the same figures", () => {
    for (const size of ["wide", "narrow"] as const) {
      const svg = monthlyTrendSvg("2026", months(5), size);
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).toContain("Tiếp nhận");
      expect(monthlyTrendSvg("2026", months(5), size)).toBe(svg);
    }
    expect(monthlyTrendSvg("2026", months(6), "wide")).not.toBe(
      monthlyTrendSvg("2026", months(5), "wide"),
    );
  });

  it("says every month's figures in words", () => {
    expect(monthlyTrendDescription("2026", months(1234))).toContain(
      "tháng 12: 1.234 tiếp nhận, 0 đã trả lời, 1 quá hạn",
    );
  });
});

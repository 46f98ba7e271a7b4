import { loadUnitRegistry } from "@danvan/platform/reference";
import { describe, expect, it } from "vitest";
import { recordedCodes, recordedRanges } from "../../src/projection/attribution.ts";
import { type Period, parsePeriod } from "../../src/projection/periods.ts";

// Attribution on the whole country as shipped. Phường Xuân La (00103) was divided in 2025 and
// its past facts go to Phường Xuân Đỉnh (00611), while its code lives on as Phường Tây Hồ.
const units = await loadUnitRegistry(undefined);
const today = "2026-12-03";

describe("attribution over the shipped units", () => {
  it("gives a reused code's old facts to the successor its split names, not to the code's new unit", () => {
    const tayHo = recordedRanges(units, "00103", today, "re-attributed");
    expect(tayHo.get("00103")).toEqual([{ from: "2025-07-01" }]);
    const phuThuong = recordedRanges(units, "00611", today, "re-attributed");
    expect(phuThuong.get("00103")).toEqual([{ from: "2025-01-01", to: "2025-06-30" }]);
  });

  it("adds up a province's month from the units of the month's map", () => {
    const june = recordedCodes(units, "01", parsePeriod("2025-06") as Period, today, "as-recorded");
    expect(june).toContain("001"); // Quận Ba Đình, a district then
    expect(june).toContain("00103");
    const december = recordedCodes(
      units,
      "01",
      parsePeriod("2026-12") as Period,
      today,
      "as-recorded",
    );
    expect(december).not.toContain("001");
    expect(december).toHaveLength(127); // Hà Nội and its 126 communes
  });
});

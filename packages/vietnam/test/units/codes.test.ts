import { describe, expect, it } from "vitest";
import { sampleUnitDataset, unitCodePattern } from "../../src/units/index.ts";

describe("unitCodePattern", () => {
  it("matches codes of the levels asked for, and no other length", () => {
    expect(["01", "001", "00004"].map((c) => unitCodePattern().test(c))).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ["01", "001", "00004"].map((c) => unitCodePattern(["province", "commune"]).test(c)),
    ).toEqual([true, false, true]);
    expect(["01", "00004"].map((c) => unitCodePattern(["commune"]).test(c))).toEqual([false, true]);
    for (const code of ["", "1", "0001", "000004", "0a004", " 00004", "00004\n"]) {
      expect(unitCodePattern().test(code), JSON.stringify(code)).toBe(false);
    }
  });

  it("accepts every code of the sample dataset at its level", () => {
    for (const unit of sampleUnitDataset.units) {
      expect(unitCodePattern([unit.level]).test(unit.code), unit.code).toBe(true);
    }
  });
});

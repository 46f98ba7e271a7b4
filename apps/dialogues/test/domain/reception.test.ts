import { describe, expect, it } from "vitest";
import type { ReceptionHolder } from "../../src/domain/reception/obligation.ts";
import { defaultReceptionPolicy, shortfalls } from "../../src/domain/reception/obligation.ts";

const holders: ReceptionHolder[] = [
  { id: "p", name: "P", position: "Bí thư Tỉnh ủy", level: "province", unitCode: "01" },
  { id: "c", name: "C", position: "Bí thư Đảng ủy xã", level: "commune", unitCode: "00004" },
];
const held = new Map([
  ["p", new Set(["2026-03-02"])],
  ["c", new Set(["2026-03-02"])],
]);

describe("reception shortfalls", () => {
  it("apply 1 day for provinces and 2 for communes by default", () => {
    expect(shortfalls(holders, held, "2026-03", defaultReceptionPolicy)).toEqual([
      { holder: holders[1], month: "2026-03", required: 2, held: 1 },
    ]);
  });

  it("follow the configured thresholds", () => {
    const strict = { requiredDaysPerMonth: { province: 2, commune: 1 } };
    expect(shortfalls(holders, held, "2026-03", strict).map((s) => s.holder.id)).toEqual(["p"]);
    expect(
      shortfalls(holders, new Map(), "2026-03", strict).map((s) => [s.holder.id, s.held]),
    ).toEqual([
      ["p", 0],
      ["c", 0],
    ]);
  });
});

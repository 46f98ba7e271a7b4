import { describe, expect, it } from "vitest";
import {
  accessTokenClaimsSchema,
  agencyCodeSchema,
  communeCodeSchema,
  currentUnitCodeSchema,
  unitCodeSchema,
} from "../src/index.ts";

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, values: string[]) =>
  values.map((value) => schema.safeParse(value).success);

describe("codes", () => {
  it("tell a unit of any time, a unit of today and a commune apart", () => {
    const codes = ["01", "001", "00004"];
    expect(accepts(unitCodeSchema, codes)).toEqual([true, true, true]);
    expect(accepts(currentUnitCodeSchema, codes)).toEqual([true, false, true]);
    expect(accepts(communeCodeSchema, codes)).toEqual([false, false, true]);
  });

  it("take agency codes in upper case letters, digits and dashes", () => {
    expect(
      accepts(agencyCodeSchema, ["SO-TNMT", "UBND-01", "so-tnmt", "S", "SỞ-TNMT", "SO TNMT"]),
    ).toEqual([true, true, false, false, false, false]);
  });

  it("are what access tokens may name", () => {
    const claims = { sub: "u", roles: ["agency_officer"] };
    expect(accessTokenClaimsSchema.safeParse({ ...claims, agencies: ["SO-TNMT"] }).success).toBe(
      true,
    );
    expect(accessTokenClaimsSchema.safeParse({ ...claims, agencies: ["$ne"] }).success).toBe(false);
    expect(accessTokenClaimsSchema.safeParse({ ...claims, units: ["0001"] }).success).toBe(false);
  });
});

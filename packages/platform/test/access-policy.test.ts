import type { AccessTokenClaims } from "@danvan/contracts";
import { defineAccessPolicy } from "@danvan/platform/domain";
import { describe, expect, it } from "vitest";

const user = (claims: Partial<AccessTokenClaims> & Pick<AccessTokenClaims, "roles">) => ({
  sub: "u",
  units: [],
  agencies: [],
  grants: [],
  ...claims,
});

const policy = defineAccessPolicy({
  "petition.assign": { province_staff: "everywhere", commune_officer: "unit" },
  "petition.startWork": {
    province_staff: "everywhere",
    commune_officer: "unit",
    agency_officer: "agency",
  },
  "figures.read": { viewer: "unit-if-any", "grant:petitioner_contact": "everywhere" },
});

describe("an access policy", () => {
  it("denies by default and allows by role and scope", () => {
    const officer = user({ roles: ["commune_officer"], units: ["00004"] });
    expect(policy.allows(officer, "petition.assign", { unitCode: "00004" })).toBe(true);
    expect(policy.allows(officer, "petition.assign", { unitCode: "00082" })).toBe(false);
    const agency = user({ roles: ["agency_officer"], agencies: ["SO-TNMT"] });
    expect(policy.allows(agency, "petition.assign", { agencyCode: "SO-TNMT" })).toBe(false);
    expect(policy.allows(agency, "petition.startWork", { agencyCode: "SO-TNMT" })).toBe(true);
    expect(policy.allows(user({ roles: ["editor"] }), "petition.startWork", {})).toBe(false);
  });

  it("reads the units of a unit-if-any scope, or everywhere without any, and grants", () => {
    expect(policy.reach(user({ roles: ["viewer"] }), "figures.read")).toEqual({
      everywhere: true,
      units: [],
      agencies: [],
    });
    expect(policy.reach(user({ roles: ["viewer"], units: ["00004"] }), "figures.read")).toEqual({
      everywhere: false,
      units: ["00004"],
      agencies: [],
    });
    const granted = user({ roles: ["editor"], grants: ["petitioner_contact"] });
    expect(policy.reach(granted, "figures.read").everywhere).toBe(true);
  });

  it("has gates that let through whoever may do the action somewhere", () => {
    const gate = policy.gate("petition.assign");
    expect(gate.admits(user({ roles: ["commune_officer"], units: ["00004"] }))).toBe(true);
    expect(gate.admits(user({ roles: ["commune_officer"] }))).toBe(false);
    expect(gate.admits(user({ roles: ["viewer"] }))).toBe(false);
  });

  it("tells whether one reach covers another", () => {
    const everywhere = { everywhere: true, units: [], agencies: [] };
    const unit = { everywhere: false, units: ["00004"], agencies: [] };
    const both = { everywhere: false, units: ["00004"], agencies: ["SO-XD"] };
    expect(policy.covers(everywhere, both)).toBe(true);
    expect(policy.covers(unit, both)).toBe(false);
    expect(policy.covers(both, unit)).toBe(true);
    expect(policy.covers(unit, everywhere)).toBe(false);
  });

  it("prints itself as a table of actions by role and grant", () => {
    // Columns in the order of the roles (contracts), then the grants.
    expect(policy.table().split("\n")).toEqual([
      "| action | `province_staff` | `commune_officer` | `agency_officer` | `viewer` | `grant:petitioner_contact` |",
      "| --- | --- | --- | --- | --- | --- |",
      "| `petition.assign` | everywhere | own units | — | — | — |",
      "| `petition.startWork` | everywhere | own units | own agencies | — | — |",
      "| `figures.read` | — | — | — | own units (everywhere without) | everywhere |",
    ]);
  });
});

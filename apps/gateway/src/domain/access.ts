import { defineAccessPolicy } from "@danvan/platform/domain";

/**
 * Who may do what at the gateway, and where (the README prints it). Figures and alerts are read
 * where one works: province staff everywhere, commune officers in their communes, viewers and
 * inspectors in their units or, without any, everywhere. Agency officers and editors get no
 * dashboards: their work is not a unit's. Users and the audit trail are the administrators'.
 */
export const accessPolicy = defineAccessPolicy({
  "figures.read": {
    province_admin: "everywhere",
    province_staff: "everywhere",
    viewer: "unit-if-any",
    inspector: "unit-if-any",
    commune_officer: "unit",
  },
  "user.manage": { province_admin: "everywhere" },
  "audit.read": { province_admin: "everywhere" },
});

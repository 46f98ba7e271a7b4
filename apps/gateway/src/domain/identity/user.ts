import type { Role } from "@danvan/contracts";
import { communeCodeSchema } from "@danvan/contracts";

/**
 * A role held in a scope for a period (docs/domain.md, gateway: "scopes with validity periods"): a
 * commune officer of commune 00004 from 1 July 2025, an agency officer of SO-TNMT until a date.
 */
export interface Assignment {
  role: Role;
  /** Communes (or the province) the role acts in; empty for province-wide roles. */
  units: string[];
  /** Agencies the role acts for (agency officers). */
  agencies: string[];
  /** ISO instants; `validTo` is exclusive and absent while the assignment runs. */
  validFrom: string;
  validTo?: string;
}

export type UserStatus = "active" | "disabled";

export interface User {
  id: string;
  /** Lower case, what people type to log in. */
  username: string;
  displayName: string;
  status: UserStatus;
  assignments: Assignment[];
  /** Extra rights, e.g. `petitioner_contact`. */
  grants: string[];
  passwordHash: string;
  lastLoginAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** What an access token says of a user at `now`: the assignments valid then, merged. */
export function claimsAt(user: User, now: Date) {
  const at = now.toISOString();
  const valid = user.assignments.filter(
    (a) => a.validFrom <= at && (a.validTo === undefined || at < a.validTo),
  );
  const distinct = <T>(values: T[]) => [...new Set(values)];
  return {
    roles: distinct(valid.map((a) => a.role)),
    units: distinct(valid.flatMap((a) => a.units)),
    agencies: distinct(valid.flatMap((a) => a.agencies)),
    grants: user.grants,
  };
}

const PROVINCE_WIDE: readonly Role[] = ["province_admin", "province_staff", "editor"];

/**
 * What is wrong with an assignment, in Vietnamese and English; empty when it is sound. A commune
 * officer needs communes, an agency officer agencies; province-wide roles take neither.
 */
export function assignmentProblems(a: Assignment): { vi: string; en: string }[] {
  const problems: { vi: string; en: string }[] = [];
  if (a.validTo !== undefined && a.validTo <= a.validFrom) {
    problems.push({
      vi: "Ngày hết hiệu lực phải sau ngày bắt đầu",
      en: "validTo must be after validFrom",
    });
  }
  if (a.role === "commune_officer" && (a.units.length === 0 || a.agencies.length > 0)) {
    problems.push({
      vi: "Cán bộ cấp xã cần ít nhất một xã/phường và không gắn với cơ quan",
      en: "A commune officer needs at least one commune and no agency",
    });
  }
  if (
    a.role === "commune_officer" &&
    a.units.some((u) => !communeCodeSchema.safeParse(u).success)
  ) {
    problems.push({
      vi: "Cán bộ cấp xã chỉ gắn với mã xã/phường (5 chữ số)",
      en: "A commune officer's units are commune codes (5 digits)",
    });
  }
  if (a.role === "agency_officer" && (a.agencies.length === 0 || a.units.length > 0)) {
    problems.push({
      vi: "Cán bộ cơ quan cần ít nhất một cơ quan và không gắn với xã/phường",
      en: "An agency officer needs at least one agency and no unit",
    });
  }
  if (PROVINCE_WIDE.includes(a.role) && (a.units.length > 0 || a.agencies.length > 0)) {
    problems.push({
      vi: "Vai trò cấp tỉnh không gắn với xã/phường hay cơ quan",
      en: "A province-wide role takes no units or agencies",
    });
  }
  return problems;
}

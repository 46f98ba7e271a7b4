import type { AccessTokenClaims } from "@danvan/contracts";
import { isProvinceWide } from "@danvan/platform/http";

/**
 * The units whose figures and alerts a user may read: every unit for province staff and for
 * viewers and inspectors without a unit list; their own units for commune officers (and viewers
 * or inspectors limited to units); none for agency officers and editors, whose work is not a
 * unit's (deny by default).
 */
export function readableUnits(user: AccessTokenClaims): "all" | ReadonlySet<string> {
  if (isProvinceWide(user)) return "all";
  const unitBound = user.roles.some((r) => r === "viewer" || r === "inspector");
  if (unitBound && user.units.length === 0) return "all";
  if (unitBound || user.roles.includes("commune_officer")) return new Set(user.units);
  return new Set();
}

export const mayRead = (readable: "all" | ReadonlySet<string>, unitCode: string) =>
  readable === "all" || readable.has(unitCode);

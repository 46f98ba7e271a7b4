import type { AccessTokenClaims } from "@danvan/contracts";
import { accessPolicy } from "../domain/access.ts";

/** The units whose figures and alerts a user may read (`figures.read` of the access policy). */
export function readableUnits(user: AccessTokenClaims): "all" | ReadonlySet<string> {
  const reach = accessPolicy.reach(user, "figures.read");
  return reach.everywhere ? "all" : new Set(reach.units);
}

export const mayRead = (readable: "all" | ReadonlySet<string>, unitCode: string) =>
  readable === "all" || readable.has(unitCode);

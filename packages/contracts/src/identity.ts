import { z } from "zod";
import { agencyCodeSchema, unitCodeSchema } from "./codes.ts";

/** The roles of docs/domain.md ("gateway — read side, identity, web"). */
export const roles = [
  "province_admin",
  "province_staff",
  "commune_officer",
  "agency_officer",
  "inspector",
  "editor",
  "viewer",
] as const;

export type Role = (typeof roles)[number];

/** Rights beyond a role, given to a user by name. */
export const grants = [
  /** See petitioners' names and contact details outside one's own commune. */
  "petitioner_contact",
] as const;

/**
 * What the gateway's short-lived access token says about its user, and every service verifies.
 * Scopes are the ones valid when the token was issued; a token lives minutes, so scope changes
 * take effect at the next token.
 */
export const accessTokenClaimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().min(1).optional(),
  roles: z.array(z.enum(roles)).min(1),
  /** Administrative units the user acts in (commune officers: their commune). */
  units: z.array(unitCodeSchema).default([]),
  /** Agencies the user acts for (agency officers). */
  agencies: z.array(agencyCodeSchema).default([]),
  /** Extra grants, e.g. "petitioner_contact" to see petitioners' contact details. */
  grants: z.array(z.string().min(1)).default([]),
  /** The login session the token belongs to: the gateway refuses tokens of ended sessions. */
  sid: z.string().min(1).optional(),
});

export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

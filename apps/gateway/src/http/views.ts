import { agencyCodeSchema, roles, unitCodeSchema } from "@danvan/contracts";
import { petitionMetricsSchema } from "@danvan/metrics";
import { z } from "zod";
import { ALERT_KINDS } from "../projection/views.ts";

// What the gateway's own API answers, as schemas: the OpenAPI document describes them, and in
// tests every answer is checked against them.

const instant = z.iso.datetime();

const assignmentSchema = z.object({
  role: z.enum(roles),
  units: z.array(unitCodeSchema),
  agencies: z.array(agencyCodeSchema),
  validFrom: instant,
  validTo: instant.optional(),
});

/** A user as administrators see them: never the password's hash. */
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  status: z.enum(["active", "disabled"]),
  assignments: z.array(assignmentSchema),
  grants: z.array(z.string()),
  lastLoginAt: instant.optional(),
  createdAt: instant,
  updatedAt: instant,
  version: z.int().min(1),
  /** Only when the gateway made up the password: shown once. */
  generatedPassword: z.string().optional(),
});

/** The claims of an access token, as `me` shows them. */
export const claimsSchema = z.object({
  sub: z.string(),
  name: z.string().optional(),
  roles: z.array(z.enum(roles)),
  units: z.array(z.string()),
  agencies: z.array(z.string()),
  grants: z.array(z.string()),
  sid: z.string().optional(),
});

export const tokensSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.int(),
  refreshToken: z.string(),
  refreshExpiresAt: instant,
  user: claimsSchema.omit({ sub: true }).extend({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
  }),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  at: instant,
  actor: z.string(),
  action: z.string(),
  target: z.string().optional(),
  ip: z.string().optional(),
  correlationId: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

const unitSchema = z.object({ code: z.string(), name: z.string(), level: z.string() });

/** A unit's figures for a period, as dashboards show them. */
export const figuresSchema = z.object({
  period: z.object({
    kind: z.string(),
    key: z.string(),
    firstDay: z.iso.date(),
    lastDay: z.iso.date(),
  }),
  petitions: petitionMetricsSchema.extend({
    byChannel: z.record(z.string(), petitionMetricsSchema),
    byTopic: z.record(z.string(), z.int()),
  }),
  sessions: z.object({ planned: z.int(), held: z.int(), cancelled: z.int() }),
  receptions: z.object({ missed: z.int() }),
  asOf: z.string(),
});

export const alertSchema = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  unitCode: z.string(),
  at: instant,
  subject: z.string(),
  title: z.string(),
});

const attributionSchema = z.enum(["re-attributed", "as-recorded"]);

export const dashboardSchema = figuresSchema.extend({
  unit: unitSchema,
  attribution: attributionSchema,
  children: z.array(figuresSchema.extend({ unit: unitSchema })),
});

export const trendSchema = z.object({
  unit: unitSchema,
  attribution: attributionSchema,
  year: z.string(),
  /** January to December, each the month's figures. */
  months: z.array(figuresSchema).length(12),
});

export const overviewSchema = z.object({
  unit: unitSchema,
  attribution: attributionSchema,
  periods: z.record(z.string(), figuresSchema),
  communes: z.array(
    z.object({
      unit: unitSchema,
      received: z.int(),
      backlog: z.int(),
      overdue: z.int(),
      onTimeRate: petitionMetricsSchema.shape.onTimeRate,
      asOf: z.string(),
    }),
  ),
  alerts: z.array(alertSchema),
});

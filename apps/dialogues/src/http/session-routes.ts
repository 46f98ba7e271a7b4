import type { AccessTokenClaims } from "@danvan/contracts";
import {
  issueGroups,
  sessionKinds,
  sessionLevels,
  sessionStatuses,
  targetGroups,
} from "@danvan/contracts";
import type { TokenVerifier } from "@danvan/platform/http";
import {
  canActInUnit,
  fields,
  isProvinceWide,
  parseRequest,
  periodEnd,
  periodStart,
  problems,
  requireUser,
} from "@danvan/platform/http";
import { searchTokens } from "@danvan/vietnam/text";
import type { Express } from "express";
import { z } from "zod";
import type { SessionService } from "../application/sessions.ts";
import { sessionSorts } from "../data/sessions.ts";
import type { SessionCommand } from "../domain/session/index.ts";
import { commandMeta } from "./command-meta.ts";
import { mapDomainError } from "./domain-errors.ts";

export const scheduleBody = z.strictObject({
  kind: z.enum(sessionKinds),
  level: z.enum(sessionLevels),
  unitCode: fields.unitCode,
  chair: z.strictObject({
    name: fields.text(200),
    position: fields.text(200),
    holderId: z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/)
      .optional(),
  }),
  title: fields.text(500),
  targetGroups: z.array(z.enum(targetGroups)).max(10),
  issueGroups: z.array(z.enum(issueGroups)).max(10),
  scheduledAt: fields.instant,
  place: fields.text(500),
});

export const sessionListQuery = z.strictObject({
  unitCode: fields.unitCode.optional(),
  level: z.enum(sessionLevels).optional(),
  kind: z.enum(sessionKinds).optional(),
  status: z.enum(sessionStatuses).optional(),
  /** Scheduled on or after / on or before. */
  from: fields.day.optional(),
  to: fields.day.optional(),
  /** Words of the title, the chair's name or the place, with or without diacritics. */
  q: fields.searchText.optional(),
  sort: z.enum(sessionSorts).default("-scheduledAt"),
  ...fields.paging,
});

export const sessionCommandBodies = {
  announce: z.strictObject({}),
  postpone: z.strictObject({ to: fields.instant, reason: fields.text(2000) }),
  hold: z.strictObject({ attendeeCount: z.int().min(0).max(100_000) }),
  "publish-minutes": z.strictObject({ minutes: fields.text(100_000) }),
  close: z.strictObject({}),
  cancel: z.strictObject({ reason: fields.text(2000) }),
} as const;
type RouteName = keyof typeof sessionCommandBodies;
const commandTypes: Record<RouteName, Exclude<SessionCommand["type"], "schedule">> = {
  announce: "announce",
  postpone: "postpone",
  hold: "hold",
  "publish-minutes": "publishMinutes",
  close: "close",
  cancel: "cancel",
};

/** Province staff organise everywhere; commune officers their commune's sessions. */
const mayOrganise = (user: AccessTokenClaims, unitCode: string) =>
  isProvinceWide(user) || (user.roles.includes("commune_officer") && canActInUnit(user, unitCode));

const idParams = z.strictObject({ id: z.uuid() });
const commandParams = z.strictObject({
  id: z.uuid(),
  command: z.enum(Object.keys(sessionCommandBodies) as [RouteName, ...RouteName[]]),
});

export function sessionRoutes(service: SessionService, verify: TokenVerifier) {
  const authenticated = requireUser(verify);
  return (app: Express) => {
    app.post("/sessions", authenticated, async (req, res) => {
      const body = parseRequest(scheduleBody, req, "body");
      if (!mayOrganise(req.user as AccessTokenClaims, body.unitCode)) throw problems.forbidden();
      const { session, version } = await service.schedule(
        {
          id: crypto.randomUUID(),
          ...body,
          // An absent holderId is left out, not stored as undefined.
          chair: {
            name: body.chair.name,
            position: body.chair.position,
            ...(body.chair.holderId ? { holderId: body.chair.holderId } : {}),
          },
        },
        commandMeta(req),
      );
      res
        .status(201)
        .location(`/sessions/${session.id}`)
        .json({ ...session, version });
    });

    // Sessions are public acts (announced, minutes published): every signed-in user reads them all.
    app.get("/sessions", authenticated, async (req, res) => {
      const query = parseRequest(sessionListQuery, req, "query");
      const tokens = query.q ? searchTokens(query.q) : [];
      const { total, items } = await service.list({
        ...(query.unitCode ? { unitCode: query.unitCode } : {}),
        ...(query.level ? { level: query.level } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.status ? { statuses: [query.status] } : {}),
        ...(query.from ? { scheduledFrom: periodStart(query.from) } : {}),
        ...(query.to ? { scheduledTo: periodEnd(query.to) } : {}),
        ...(tokens.length > 0 ? { tokens } : {}),
        sort: query.sort,
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
      res.json({
        items: items.map(({ session, version, petitions }) => ({ ...session, version, petitions })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      });
    });

    app.get("/sessions/:id/timeline", authenticated, async (req, res) => {
      const { id } = parseRequest(idParams, req, "params");
      const found = await service.timeline(id);
      if (!found) throw problems.notFound();
      res.setHeader("etag", `"${found.version}"`).json({ id, ...found });
    });

    app.get("/sessions/:id", authenticated, async (req, res) => {
      const { id } = parseRequest(idParams, req, "params");
      const found = await service.get(id);
      if (!found) throw problems.notFound();
      res
        .setHeader("etag", `"${found.version}"`)
        .json({ ...found.session, version: found.version, petitions: found.petitions });
    });

    app.post("/sessions/:id/:command", authenticated, async (req, res) => {
      const { id, command } = parseRequest(commandParams, req, "params");
      const body = parseRequest(sessionCommandBodies[command], req, "body");
      const user = req.user as AccessTokenClaims;
      try {
        const { session, version } = await service.apply(
          id,
          { type: commandTypes[command], ...body } as never,
          commandMeta(req),
          (current) => {
            if (!mayOrganise(user, current.unitCode)) throw problems.forbidden();
          },
        );
        res.setHeader("etag", `"${version}"`).json({ ...session, version });
      } catch (error) {
        mapDomainError(error);
      }
    });
  };
}

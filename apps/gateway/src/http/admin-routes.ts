import type { AccessTokenClaims } from "@danvan/contracts";
import { grants, roles } from "@danvan/contracts";
import type { TokenVerifier } from "@danvan/platform/http";
import {
  fields,
  parseRequest,
  periodEnd,
  periodStart,
  problems,
  requireRole,
  requireUser,
} from "@danvan/platform/http";
import { searchTokens } from "@danvan/vietnam/text";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import { PasswordRuleError } from "../application/auth.ts";
import type { Actor, UserAdministration } from "../application/users.ts";
import { AssignmentRuleError, publicUser, UserNotFoundError } from "../application/users.ts";
import { UsernameTakenError } from "../data/users.ts";
import type { Assignment, User } from "../domain/identity/user.ts";

const agencyCode = fields.agencyCode;

const assignment = z.strictObject({
  role: z.enum(roles),
  units: z.array(fields.unitCode).max(200).default([]),
  agencies: z.array(agencyCode).max(50).default([]),
  validFrom: fields.instant,
  validTo: fields.instant.optional(),
});

export const createUserBody = z.strictObject({
  username: z
    .string()
    .regex(/^[a-z0-9._-]{3,60}$/, "3–60 lower-case letters, digits, dot, dash or underscore"),
  displayName: fields.text(200),
  /** Omitted: one is generated and returned once. */
  password: z.string().min(1).max(200).optional(),
  assignments: z.array(assignment).max(50),
  grants: z.array(z.enum(grants)).max(10).default([]),
});
export const updateUserBody = z.strictObject({
  displayName: fields.text(200).optional(),
  grants: z.array(z.enum(grants)).max(10).optional(),
});
export const assignmentsBody = z.strictObject({ assignments: z.array(assignment).max(50) });
export const resetPasswordBody = z.strictObject({
  password: z.string().min(1).max(200).optional(),
});
export const emptyBody = z.strictObject({});

export const userListQuery = z.strictObject({
  q: fields.searchText.optional(),
  role: z.enum(roles).optional(),
  unitCode: fields.unitCode.optional(),
  agencyCode: agencyCode.optional(),
  status: z.enum(["active", "disabled"]).optional(),
  sort: z.enum(["name", "-name", "username", "-createdAt"]).default("name"),
  ...fields.paging,
});
export const auditQuery = z.strictObject({
  actor: z.string().max(100).optional(),
  target: z.string().max(100).optional(),
  action: z.string().max(60).optional(),
  from: fields.day.optional(),
  to: fields.day.optional(),
  ...fields.paging,
});

const idParams = z.strictObject({ id: z.uuid() });
const versionHeader = z.coerce.number().int().min(1).optional();

function expectedVersion(req: Request): number | undefined {
  const parsed = versionHeader.safeParse(req.get("if-match")?.replaceAll('"', "") || undefined);
  if (!parsed.success) {
    throw problems.invalid({
      vi: "If-Match phải là số phiên bản",
      en: "If-Match must be a version number",
    });
  }
  return parsed.data;
}

const actorOf = (req: Request): Actor => ({
  userId: (req.user as AccessTokenClaims).sub,
  ip: req.ip ?? "unknown",
  correlationId: req.correlationId,
});

function mapError(error: unknown): never {
  if (error instanceof UserNotFoundError) {
    throw problems.notFound({ vi: "Không có người dùng này", en: "No such user" });
  }
  if (error instanceof UsernameTakenError) {
    throw problems.conflict({
      vi: `Tên đăng nhập ${error.username} đã có người dùng`,
      en: `The username ${error.username} is taken`,
    });
  }
  if (error instanceof AssignmentRuleError) {
    throw problems.invalid({
      vi: error.problems.map((p) => p.vi).join("; "),
      en: error.problems.map((p) => p.en).join("; "),
    });
  }
  if (error instanceof PasswordRuleError) throw problems.invalid(error.problem);
  throw error;
}

const toAssignments = (list: z.output<typeof assignment>[]): Assignment[] =>
  list.map(({ validTo, ...a }) => ({ ...a, ...(validTo ? { validTo } : {}) }));

/** User administration, for province administrators only; every change lands in the audit trail. */
export function adminRoutes(admin: UserAdministration, verify: TokenVerifier) {
  const guard = [requireUser(verify), requireRole("province_admin")];
  const send = (
    res: Response,
    result: { user: User; version: number; generatedPassword?: string },
    status = 200,
  ) => {
    res
      .status(status)
      .setHeader("etag", `"${result.version}"`)
      .setHeader("cache-control", "no-store")
      .json({
        ...publicUser(result.user, result.version),
        ...(result.generatedPassword ? { generatedPassword: result.generatedPassword } : {}),
      });
  };

  return (app: Express) => {
    app.get("/api/v1/admin/users", ...guard, async (req, res) => {
      const query = parseRequest(userListQuery, req, "query");
      const tokens = query.q ? searchTokens(query.q) : [];
      const { total, items } = await admin.list({
        ...(tokens.length > 0 ? { tokens } : {}),
        ...(query.role ? { role: query.role } : {}),
        ...(query.unitCode ? { unitCode: query.unitCode } : {}),
        ...(query.agencyCode ? { agencyCode: query.agencyCode } : {}),
        ...(query.status ? { status: query.status } : {}),
        sort: query.sort,
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
      res.json({
        items: items.map(({ user, version }) => publicUser(user, version)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      });
    });

    app.post("/api/v1/admin/users", ...guard, async (req, res) => {
      const body = parseRequest(createUserBody, req, "body");
      try {
        const created = await admin.create(
          { ...body, assignments: toAssignments(body.assignments) },
          actorOf(req),
        );
        res.location(`/api/v1/admin/users/${created.user.id}`);
        send(res, created, 201);
      } catch (error) {
        mapError(error);
      }
    });

    app.get("/api/v1/admin/users/:id", ...guard, async (req, res) => {
      const { id } = parseRequest(idParams, req, "params");
      try {
        send(res, await admin.get(id));
      } catch (error) {
        mapError(error);
      }
    });

    app.patch("/api/v1/admin/users/:id", ...guard, async (req, res) => {
      const { id } = parseRequest(idParams, req, "params");
      const body = parseRequest(updateUserBody, req, "body");
      try {
        send(res, await admin.update(id, body, expectedVersion(req), actorOf(req)));
      } catch (error) {
        mapError(error);
      }
    });

    app.put("/api/v1/admin/users/:id/assignments", ...guard, async (req, res) => {
      const { id } = parseRequest(idParams, req, "params");
      const body = parseRequest(assignmentsBody, req, "body");
      try {
        send(
          res,
          await admin.setAssignments(
            id,
            toAssignments(body.assignments),
            expectedVersion(req),
            actorOf(req),
          ),
        );
      } catch (error) {
        mapError(error);
      }
    });

    for (const status of ["disable", "enable"] as const) {
      app.post(`/api/v1/admin/users/:id/${status}`, ...guard, async (req, res) => {
        const { id } = parseRequest(idParams, req, "params");
        parseRequest(emptyBody, req, "body");
        if (status === "disable" && id === actorOf(req).userId) {
          throw problems.conflict({
            vi: "Không thể tự khoá tài khoản của mình",
            en: "You cannot disable your own account",
          });
        }
        try {
          send(
            res,
            await admin.setStatus(
              id,
              status === "disable" ? "disabled" : "active",
              expectedVersion(req),
              actorOf(req),
            ),
          );
        } catch (error) {
          mapError(error);
        }
      });
    }

    app.post("/api/v1/admin/users/:id/unlock", ...guard, async (req, res) => {
      const { id } = parseRequest(idParams, req, "params");
      parseRequest(emptyBody, req, "body");
      try {
        send(res, await admin.unlock(id, expectedVersion(req), actorOf(req)));
      } catch (error) {
        mapError(error);
      }
    });

    app.post("/api/v1/admin/users/:id/reset-password", ...guard, async (req, res) => {
      const { id } = parseRequest(idParams, req, "params");
      const body = parseRequest(resetPasswordBody, req, "body");
      try {
        send(res, await admin.resetPassword(id, body.password, expectedVersion(req), actorOf(req)));
      } catch (error) {
        mapError(error);
      }
    });

    app.get("/api/v1/admin/audit", ...guard, async (req, res) => {
      const query = parseRequest(auditQuery, req, "query");
      const { total, items } = await admin.audit({
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.target ? { target: query.target } : {}),
        ...(query.action ? { action: query.action } : {}),
        ...(query.from ? { from: periodStart(query.from) } : {}),
        ...(query.to ? { to: periodEnd(query.to) } : {}),
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
      res.json({ items, total, page: query.page, pageSize: query.pageSize });
    });
  };
}

import type { AccessTokenClaims } from "@danvan/contracts";
import { grants, roles } from "@danvan/contracts";
import type { Route, RouteInput } from "@danvan/platform/http";
import {
  fields,
  pageAnswer,
  pageSchema,
  pageWindow,
  periodEnd,
  periodStart,
  problems,
  route,
} from "@danvan/platform/http";
import { searchTokens } from "@danvan/vietnam/text";
import { z } from "zod";
import { PasswordRuleError } from "../application/auth.ts";
import type { Actor, UserAdministration } from "../application/users.ts";
import { AssignmentRuleError, publicUser, UserNotFoundError } from "../application/users.ts";
import { UsernameTakenError } from "../data/users.ts";
import { accessPolicy } from "../domain/access.ts";
import type { Assignment, User } from "../domain/identity/user.ts";
import { auditEntrySchema, userSchema } from "./views.ts";

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
    throw problems.refused({
      vi: error.problems.map((p) => p.vi).join("; "),
      en: error.problems.map((p) => p.en).join("; "),
    });
  }
  if (error instanceof PasswordRuleError) throw problems.refused(error.problem);
  throw error;
}

const toAssignments = (list: z.output<typeof assignment>[]): Assignment[] =>
  list.map(({ validTo, ...a }) => ({ ...a, ...(validTo ? { validTo } : {}) }));

type Caller = Pick<
  RouteInput<unknown, unknown, unknown, AccessTokenClaims>,
  "user" | "log" | "request" | "meta"
>;

const actorOf = ({ user, request, meta }: Caller): Actor => ({
  userId: user.sub,
  ip: request.ip ?? "unknown",
  correlationId: meta.correlationId,
});

/** A user as answered: with the version as ETag, never cached, a made-up password shown once. */
const answer = (
  result: { user: User; version: number; generatedPassword?: string },
  status = 200,
) => ({
  status,
  version: result.version,
  headers: { "cache-control": "no-store" },
  body: {
    ...publicUser(result.user, result.version),
    ...(result.generatedPassword ? { generatedPassword: result.generatedPassword } : {}),
  },
});

const TAG = "Quản trị người dùng";
/** Administrators only (deny by default): others are refused, and logged, before anything is read. */
const manage = accessPolicy.gate("user.manage");
const userAnswer = { 200: { description: "Người dùng sau thao tác", schema: userSchema } };

/** User administration, for province administrators only; every change lands in the audit trail. */
export function adminRoutes(admin: UserAdministration): Route[] {
  /** A change of one user, as every user command is: its id, If-Match, mapped refusals. */
  const change = (
    path: string,
    operationId: string,
    summary: string,
    body: z.ZodType,
    run: (
      id: string,
      body: never,
      expected: number | undefined,
      caller: Caller,
    ) => Promise<{ user: User; version: number; generatedPassword?: string }>,
    method: "post" | "put" | "patch" = "post",
  ) =>
    route({
      method,
      path: `/api/v1/admin/users/:id${path}`,
      operationId,
      tag: TAG,
      summary,
      params: idParams,
      body,
      ifMatch: true,
      access: manage,
      responses: userAnswer,
      problems: [403, 404, 409, 422],
      async handle(input) {
        try {
          return answer(
            await run(input.params.id, input.body as never, input.meta.expectedVersion, input),
          );
        } catch (error) {
          return mapError(error);
        }
      },
    });

  return [
    route({
      method: "get",
      path: "/api/v1/admin/users",
      operationId: "listUsers",
      tag: TAG,
      access: manage,
      summary: "Danh sách người dùng: tìm theo tên, lọc theo vai trò, đơn vị, cơ quan, trạng thái",
      query: userListQuery,
      responses: { 200: { description: "Một trang người dùng", schema: pageSchema(userSchema) } },
      problems: [403],
      async handle(input) {
        const { query } = input;
        const tokens = query.q ? searchTokens(query.q) : [];
        const { total, items } = await admin.list({
          ...(tokens.length > 0 ? { tokens } : {}),
          ...(query.role ? { role: query.role } : {}),
          ...(query.unitCode ? { unitCode: query.unitCode } : {}),
          ...(query.agencyCode ? { agencyCode: query.agencyCode } : {}),
          ...(query.status ? { status: query.status } : {}),
          sort: query.sort,
          ...pageWindow(query),
        });
        return {
          body: pageAnswer(query, {
            total,
            items: items.map(({ user, version }) => publicUser(user, version)),
          }),
        };
      },
    }),

    route({
      method: "post",
      path: "/api/v1/admin/users",
      operationId: "createUser",
      tag: TAG,
      access: manage,
      summary: "Tạo người dùng với vai trò, phạm vi và thời hạn hiệu lực",
      body: createUserBody,
      responses: { 201: { description: "Đã tạo", schema: userSchema } },
      problems: [403, 409, 422],
      async handle(input) {
        try {
          const created = await admin.create(
            { ...input.body, assignments: toAssignments(input.body.assignments) },
            actorOf(input),
          );
          return { ...answer(created, 201), location: `/api/v1/admin/users/${created.user.id}` };
        } catch (error) {
          return mapError(error);
        }
      },
    }),

    route({
      method: "get",
      path: "/api/v1/admin/users/:id",
      operationId: "getUser",
      tag: TAG,
      access: manage,
      summary: "Một người dùng",
      params: idParams,
      responses: userAnswer,
      problems: [403, 404],
      async handle(input) {
        try {
          return answer(await admin.get(input.params.id));
        } catch (error) {
          return mapError(error);
        }
      },
    }),

    change(
      "",
      "updateUser",
      "Đổi tên hiển thị hoặc quyền bổ sung của người dùng",
      updateUserBody,
      (id, body: z.output<typeof updateUserBody>, expected, caller) =>
        admin.update(id, body, expected, actorOf(caller)),
      "patch",
    ),
    change(
      "/assignments",
      "setUserAssignments",
      "Thay các phân công (vai trò, phạm vi, thời hạn) của người dùng",
      assignmentsBody,
      (id, body: z.output<typeof assignmentsBody>, expected, caller) =>
        admin.setAssignments(id, toAssignments(body.assignments), expected, actorOf(caller)),
      "put",
    ),
    change(
      "/disable",
      "disableUser",
      "Khoá tài khoản; các phiên đăng nhập của người đó kết thúc",
      emptyBody,
      (id, _body, expected, caller) => {
        if (id === caller.user.sub) {
          throw problems.conflict({
            vi: "Không thể tự khoá tài khoản của mình",
            en: "You cannot disable your own account",
          });
        }
        return admin.setStatus(id, "disabled", expected, actorOf(caller));
      },
    ),
    change("/enable", "enableUser", "Mở lại tài khoản", emptyBody, (id, _body, expected, caller) =>
      admin.setStatus(id, "active", expected, actorOf(caller)),
    ),
    change(
      "/unlock",
      "unlockUser",
      "Cho đăng nhập lại ngay: xoá thời gian chờ do đăng nhập sai nhiều lần",
      emptyBody,
      (id, _body, _expected, caller) => admin.unlock(id, actorOf(caller)),
    ),
    change(
      "/reset-password",
      "resetUserPassword",
      "Đặt hoặc tạo mật khẩu mới (mật khẩu tạo ra chỉ hiện một lần)",
      resetPasswordBody,
      (id, body: z.output<typeof resetPasswordBody>, expected, caller) =>
        admin.resetPassword(id, body.password, expected, actorOf(caller)),
    ),

    route({
      method: "get",
      path: "/api/v1/admin/audit",
      operationId: "listAuditEntries",
      tag: TAG,
      access: accessPolicy.gate("audit.read"),
      summary: "Nhật ký kiểm tra: ai làm gì, với ai, lúc nào, từ đâu",
      query: auditQuery,
      responses: {
        200: { description: "Một trang nhật ký", schema: pageSchema(auditEntrySchema) },
      },
      problems: [403],
      async handle(input) {
        const { query } = input;
        const { total, items } = await admin.audit({
          ...(query.actor ? { actor: query.actor } : {}),
          ...(query.target ? { target: query.target } : {}),
          ...(query.action ? { action: query.action } : {}),
          ...(query.from ? { from: periodStart(query.from) } : {}),
          ...(query.to ? { to: periodEnd(query.to) } : {}),
          ...pageWindow(query),
        });
        return { body: pageAnswer(query, { total, items }) };
      },
    }),
  ];
}

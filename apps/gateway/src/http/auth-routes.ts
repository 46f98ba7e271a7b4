import type { Route } from "@danvan/platform/http";
import {
  endedSessionsSchema,
  fields,
  HttpProblem,
  problems,
  publicRoute,
  route,
} from "@danvan/platform/http";
import type { Request } from "express";
import { z } from "zod";
import type { AuthService, Origin } from "../application/auth.ts";
import { AuthRefusedError, PasswordRuleError } from "../application/auth.ts";
import type { LoginSessionStore } from "../data/login-sessions.ts";
import type { SigningKeys } from "../security/signing-key.ts";
import { claimsSchema, tokensSchema } from "./views.ts";

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(60),
  // Not trimmed: spaces may be part of a password.
  password: z.string().min(1).max(200),
});
export const refreshBody = z.strictObject({ refreshToken: z.string().min(10).max(300) });
export const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const originOf = (req: Request): Origin => ({
  ip: req.ip ?? "unknown",
  userAgent: req.get("user-agent") ?? "",
  correlationId: req.correlationId,
});

const WRONG = {
  vi: "Tên đăng nhập hoặc mật khẩu không đúng",
  en: "Wrong username or password",
};

/** A refusal as the client sees it: nothing that tells whether a username exists. */
function refusal(error: unknown): never {
  if (error instanceof PasswordRuleError) throw problems.refused(error.problem);
  if (!(error instanceof AuthRefusedError)) throw error;
  switch (error.reason) {
    case "wrong-credentials":
      throw problems.unauthorized(WRONG);
    case "delayed": {
      const seconds = Math.max(1, error.retry?.seconds ?? 1);
      throw new HttpProblem({
        status: 429,
        code: "login-delayed",
        title: { vi: "Tạm chờ trước khi đăng nhập lại", en: "Wait before logging in again" },
        detail: {
          vi: `Đăng nhập sai nhiều lần; hãy thử lại sau ${seconds} giây`,
          en: `Too many wrong logins; try again in ${seconds} s`,
        },
        extra: { retryAt: error.retry?.at },
        headers: { "retry-after": String(seconds) },
      });
    }
    case "disabled":
      throw problems.forbidden({ vi: "Tài khoản đã bị khoá", en: "The account is disabled" });
    case "no-valid-role":
      throw problems.forbidden({
        vi: "Tài khoản chưa được phân công vai trò nào đang có hiệu lực",
        en: "The account has no role valid now",
      });
    case "refresh-invalid":
    case "refresh-reused":
      throw problems.unauthorized({
        vi: "Phiên đăng nhập đã hết hạn hoặc không hợp lệ; hãy đăng nhập lại",
        en: "The login has ended or is not valid; log in again",
      });
  }
}

const TAG = "Đăng nhập";

export function authRoutes(deps: {
  auth: AuthService;
  verify: { forget(sid: string): void };
  keys: SigningKeys;
  sessions: Pick<LoginSessionStore, "endedSince">;
  now: () => Date;
  loginLimiter: { take(key: string): number };
  /** Password changes per user: each wrong current password costs a hash and a guess. */
  passwordLimiter: { take(key: string): number };
}): Route[] {
  return [
    publicRoute({
      method: "get",
      path: "/.well-known/jwks.json",
      operationId: "getSigningKeys",
      tag: TAG,
      summary:
        "Các khoá công khai dùng để ký mã truy cập (JWKS): khoá đang ký, và khi đổi khoá thì cả khoá trước hoặc khoá sau",
      responses: {
        200: {
          description: "Bộ khoá",
          schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
        },
      },
      handle: () => ({
        headers: { "cache-control": "public, max-age=300" },
        body: { keys: deps.keys.published },
      }),
    }),

    publicRoute({
      method: "get",
      path: "/api/v1/auth/ended-sessions",
      operationId: "listEndedSessions",
      tag: TAG,
      summary:
        "Các phiên đăng nhập vừa kết thúc (đăng xuất, tài khoản bị khoá, đổi mật khẩu): các dịch vụ từ chối mã truy cập của chúng",
      description:
        "Only login ids, which are random, and only while their access tokens may be unexpired. `since`: what ended at or after it (the previous answer's `asOf`, a little earlier).",
      query: z.strictObject({ since: fields.instant.optional() }),
      responses: {
        200: { description: "Các phiên vừa kết thúc", schema: endedSessionsSchema },
      },
      async handle({ query }) {
        const asOf = deps.now().toISOString();
        const ended = await deps.sessions.endedSince(query.since ?? "");
        return {
          headers: { "cache-control": "no-store" },
          body: {
            asOf,
            sessions: ended
              .filter((login) => login.refuseUntil > asOf)
              .map((login) => ({ sid: login._id, refuseUntil: login.refuseUntil })),
          },
        };
      },
    }),

    publicRoute({
      method: "post",
      path: "/api/v1/auth/login",
      operationId: "logIn",
      tag: TAG,
      summary: "Đăng nhập: mã truy cập và mã làm mới",
      body: loginBody,
      responses: { 200: { description: "Đã đăng nhập", schema: tokensSchema } },
      problems: [401, 403, 429],
      async handle({ body, request }) {
        const wait = deps.loginLimiter.take(request.ip ?? "unknown");
        if (wait > 0) {
          throw problems.tooManyRequests(
            {
              vi: `Quá nhiều lần đăng nhập từ địa chỉ này; thử lại sau ${wait} giây`,
              en: `Too many logins from this address; try again in ${wait} s`,
            },
            wait,
          );
        }
        try {
          return {
            headers: { "cache-control": "no-store" },
            body: await deps.auth.login(body.username, body.password, originOf(request)),
          };
        } catch (error) {
          return refusal(error);
        }
      },
    }),

    publicRoute({
      method: "post",
      path: "/api/v1/auth/refresh",
      operationId: "refreshTokens",
      tag: TAG,
      summary: "Cặp mã mới từ mã làm mới (mã cũ hết hiệu lực)",
      body: refreshBody,
      responses: { 200: { description: "Cặp mã mới", schema: tokensSchema } },
      problems: [401, 403],
      async handle({ body, request }) {
        try {
          return {
            headers: { "cache-control": "no-store" },
            body: await deps.auth.refresh(body.refreshToken, originOf(request)),
          };
        } catch (error) {
          return refusal(error);
        }
      },
    }),

    route({
      method: "post",
      path: "/api/v1/auth/logout",
      operationId: "logOut",
      tag: TAG,
      summary: "Kết thúc phiên đăng nhập này",
      responses: { 204: { description: "Đã đăng xuất" } },
      async handle({ user, request }) {
        await deps.auth.logout(user.sid as string, user.sub, originOf(request));
        deps.verify.forget(user.sid as string);
        return { status: 204, body: undefined };
      },
    }),

    route({
      method: "get",
      path: "/api/v1/auth/me",
      operationId: "whoAmI",
      tag: TAG,
      summary: "Vai trò và phạm vi của người đang đăng nhập",
      responses: { 200: { description: "Nội dung mã truy cập", schema: claimsSchema } },
      handle: ({ user }) => ({ body: user }),
    }),

    route({
      method: "post",
      path: "/api/v1/auth/password",
      operationId: "changePassword",
      tag: TAG,
      summary: "Đổi mật khẩu của mình; các phiên đăng nhập khác kết thúc",
      body: passwordBody,
      responses: { 204: { description: "Đã đổi mật khẩu" } },
      problems: [422, 429],
      async handle({ user, body, request }) {
        // A stolen session may not guess the current password at will: a few tries, then a wait
        // (the account is not locked: its owner can still log in).
        const wait = deps.passwordLimiter.take(user.sub);
        if (wait > 0) {
          throw problems.tooManyRequests(
            {
              vi: `Đã thử đổi mật khẩu quá nhiều lần; thử lại sau ${Math.ceil(wait / 60)} phút`,
              en: `Too many password changes tried; try again in ${Math.ceil(wait / 60)} min`,
            },
            wait,
          );
        }
        try {
          await deps.auth.changePassword(
            user.sub,
            user.sid as string,
            body.currentPassword,
            body.newPassword,
            originOf(request),
          );
        } catch (error) {
          // A 401 would tell the client its token is bad; the token is fine, the old password is not.
          if (error instanceof AuthRefusedError && error.reason === "wrong-credentials") {
            throw problems.refused({
              vi: "Mật khẩu hiện tại không đúng",
              en: "The current password is wrong",
            });
          }
          refusal(error);
        }
        return { status: 204, body: undefined };
      },
    }),
  ];
}

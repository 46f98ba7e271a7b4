import type { AccessTokenClaims } from "@danvan/contracts";
import type { TokenVerifier } from "@danvan/platform/http";
import { HttpProblem, parseRequest, problems, requireUser } from "@danvan/platform/http";
import type { Express, Request } from "express";
import { z } from "zod";
import type { AuthService, Origin } from "../application/auth.ts";
import { AuthRefusedError, PasswordRuleError } from "../application/auth.ts";
import type { SigningKey } from "../security/signing-key.ts";

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
  if (error instanceof PasswordRuleError) throw problems.invalid(error.problem);
  if (!(error instanceof AuthRefusedError)) throw error;
  switch (error.reason) {
    case "wrong-credentials":
      throw problems.unauthorized(WRONG);
    case "locked":
      throw new HttpProblem({
        status: 429,
        code: "account-locked",
        title: { vi: "Tài khoản tạm khoá", en: "Account locked" },
        detail: {
          vi: `Sai mật khẩu quá nhiều lần; thử lại sau ${error.until}`,
          en: `Too many wrong passwords; try again after ${error.until}`,
        },
        extra: { lockedUntil: error.until },
      });
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

export function authRoutes(deps: {
  auth: AuthService;
  verify: TokenVerifier & { forget(sid: string): void };
  key: SigningKey;
  loginLimiter: { take(key: string): number };
}) {
  const authenticated = requireUser(deps.verify);
  return (app: Express) => {
    app.get("/.well-known/jwks.json", (_req, res) => {
      res.setHeader("cache-control", "public, max-age=300").json({ keys: [deps.key.publicJwk] });
    });

    app.post("/api/v1/auth/login", async (req, res) => {
      const wait = deps.loginLimiter.take(req.ip ?? "unknown");
      if (wait > 0) {
        res.setHeader("retry-after", String(wait));
        throw problems.tooManyRequests({
          vi: `Quá nhiều lần đăng nhập từ địa chỉ này; thử lại sau ${wait} giây`,
          en: `Too many logins from this address; try again in ${wait} s`,
        });
      }
      const body = parseRequest(loginBody, req, "body");
      try {
        res
          .setHeader("cache-control", "no-store")
          .json(await deps.auth.login(body.username, body.password, originOf(req)));
      } catch (error) {
        if (error instanceof AuthRefusedError && error.reason === "locked" && error.until) {
          const seconds = Math.ceil((Date.parse(error.until) - Date.now()) / 1000);
          res.setHeader("retry-after", String(Math.max(1, seconds)));
        }
        refusal(error);
      }
    });

    app.post("/api/v1/auth/refresh", async (req, res) => {
      const body = parseRequest(refreshBody, req, "body");
      try {
        res
          .setHeader("cache-control", "no-store")
          .json(await deps.auth.refresh(body.refreshToken, originOf(req)));
      } catch (error) {
        refusal(error);
      }
    });

    app.post("/api/v1/auth/logout", authenticated, async (req, res) => {
      const user = req.user as AccessTokenClaims;
      await deps.auth.logout(user.sid as string, user.sub, originOf(req));
      deps.verify.forget(user.sid as string);
      res.status(204).end();
    });

    app.get("/api/v1/auth/me", authenticated, (req, res) => {
      res.json(req.user);
    });

    app.post("/api/v1/auth/password", authenticated, async (req, res) => {
      const body = parseRequest(passwordBody, req, "body");
      const user = req.user as AccessTokenClaims;
      try {
        await deps.auth.changePassword(
          user.sub,
          user.sid as string,
          body.currentPassword,
          body.newPassword,
          originOf(req),
        );
      } catch (error) {
        // A 401 would tell the client its token is bad; the token is fine, the old password is not.
        if (error instanceof AuthRefusedError && error.reason === "wrong-credentials") {
          throw problems.invalid({
            vi: "Mật khẩu hiện tại không đúng",
            en: "The current password is wrong",
          });
        }
        refusal(error);
      }
      res.status(204).end();
    });
  };
}

import { createHash, randomBytes } from "node:crypto";
import type { AccessTokenClaims } from "@danvan/contracts";
import type { AuditLog } from "../data/audit.ts";
import type { LoginSession, LoginSessionStore } from "../data/login-sessions.ts";
import type { UserStore } from "../data/users.ts";
import type { User } from "../domain/identity/user.ts";
import { claimsAt } from "../domain/identity/user.ts";
import type { TokenIssuer } from "../security/access-tokens.ts";
import type { LoginThrottle } from "../security/login-throttle.ts";
import { hashPassword, needsRehash, verifyPassword } from "../security/passwords.ts";

export interface AuthPolicy {
  sessionDays: number;
  passwordMemoryKib: number;
  passwordMinLength: number;
}

/** Where a request came from, for the audit trail. */
export interface Origin {
  ip: string;
  userAgent: string;
  correlationId: string;
}

/** Why a login or refresh was refused; the routes turn each into a problem. */
export type RefusalReason =
  | "wrong-credentials"
  | "delayed"
  | "disabled"
  | "no-valid-role"
  | "refresh-invalid"
  | "refresh-reused";

export class AuthRefusedError extends Error {
  override readonly name = "AuthRefusedError";
  readonly reason: RefusalReason;
  /** For `delayed`: when the next try may be made, and in how many seconds. */
  readonly retry: { at: string; seconds: number } | undefined;
  constructor(reason: RefusalReason, retry?: { at: string; seconds: number }) {
    super(`refused: ${reason}`);
    this.reason = reason;
    this.retry = retry;
  }
}

export class PasswordRuleError extends Error {
  override readonly name = "PasswordRuleError";
  readonly problem: { vi: string; en: string };
  constructor(problem: { vi: string; en: string }) {
    super(problem.en);
    this.problem = problem;
  }
}

export interface Tokens {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  /** `<login id>.<secret>`: the id finds the login, the secret proves it. */
  refreshToken: string;
  refreshExpiresAt: string;
  user: { id: string; username: string; displayName: string } & Omit<AccessTokenClaims, "sub">;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");
const newSecret = () => randomBytes(32).toString("base64url");

/** A hash to compare against when the user does not exist, so both cases take as long. */
let decoy: Promise<string> | undefined;

/** The rules a new password must follow (docs/domain.md users are officials on shared computers). */
export function passwordProblem(
  password: string,
  username: string,
  minLength: number,
): { vi: string; en: string } | undefined {
  if ([...password].length < minLength) {
    return {
      vi: `Mật khẩu cần ít nhất ${minLength} ký tự`,
      en: `A password needs at least ${minLength} characters`,
    };
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    return {
      vi: "Mật khẩu không được chứa tên đăng nhập",
      en: "A password must not contain the username",
    };
  }
  if (new Set(password).size < 4) {
    return { vi: "Mật khẩu quá đơn giản", en: "The password is too simple" };
  }
  return undefined;
}

export function createAuthService(deps: {
  users: UserStore;
  sessions: LoginSessionStore;
  audit: AuditLog;
  tokens: TokenIssuer;
  throttle: LoginThrottle;
  policy: AuthPolicy;
  now: () => Date;
}) {
  const { users, sessions, audit, policy, throttle } = deps;

  async function issue(user: User, sid: string, secret: string, expiresAt: string, now: Date) {
    const claims = claimsAt(user, now);
    const { token, expiresIn } = await deps.tokens.issue(
      {
        sub: user.id,
        name: user.displayName,
        roles: claims.roles as AccessTokenClaims["roles"],
        units: claims.units,
        agencies: claims.agencies,
        grants: claims.grants,
        sid,
      },
      now,
    );
    return {
      accessToken: token,
      tokenType: "Bearer" as const,
      expiresIn,
      refreshToken: `${sid}.${secret}`,
      refreshExpiresAt: expiresAt,
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        roles: claims.roles as AccessTokenClaims["roles"],
        units: claims.units,
        agencies: claims.agencies,
        grants: claims.grants,
        sid,
      },
    } satisfies Tokens;
  }

  /** An active user with a role valid now, or the reason they may not have tokens. */
  function admissible(user: User, now: Date): RefusalReason | undefined {
    if (user.status !== "active") return "disabled";
    if (claimsAt(user, now).roles.length === 0) return "no-valid-role";
    return undefined;
  }

  return {
    async login(username: string, password: string, origin: Origin): Promise<Tokens> {
      const now = deps.now();
      const at = now.toISOString();
      const name = username.trim().toLowerCase();
      const entry = { ip: origin.ip, correlationId: origin.correlationId };
      // Before anything is looked up: a known and an unknown username wait alike.
      const retryAt = await throttle.retryAt(name, origin.ip, now);
      if (retryAt) {
        await audit.record(
          { ...entry, actor: "anonymous", action: "login.delayed", detail: { username: name } },
          now,
        );
        throw new AuthRefusedError("delayed", {
          at: retryAt.toISOString(),
          seconds: Math.ceil((retryAt.getTime() - now.getTime()) / 1000),
        });
      }
      const found = await users.findByUsername(name);
      if (!found) {
        decoy ??= hashPassword("decoy password", policy.passwordMemoryKib);
        await verifyPassword(password, await decoy);
        await throttle.failed(name, origin.ip, now);
        await audit.record(
          { ...entry, actor: "anonymous", action: "login.failed", detail: { username: name } },
          now,
        );
        throw new AuthRefusedError("wrong-credentials");
      }
      const { user } = found;
      if (!(await verifyPassword(password, user.passwordHash))) {
        await throttle.failed(name, origin.ip, now);
        await audit.record({ ...entry, actor: user.id, action: "login.failed" }, now);
        throw new AuthRefusedError("wrong-credentials");
      }
      await throttle.succeeded(name, origin.ip);
      const refusal = admissible(user, now);
      if (refusal) {
        await audit.record(
          { ...entry, actor: user.id, action: "login.refused", detail: { reason: refusal } },
          now,
        );
        throw new AuthRefusedError(refusal);
      }
      await users.recordLogin(
        user.id,
        at,
        needsRehash(user.passwordHash, policy.passwordMemoryKib)
          ? await hashPassword(password, policy.passwordMemoryKib)
          : undefined,
      );
      const secret = newSecret();
      const session: LoginSession = {
        _id: crypto.randomUUID(),
        userId: user.id,
        secretHash: sha256(secret),
        createdAt: at,
        expiresAt: new Date(now.getTime() + policy.sessionDays * 86_400_000).toISOString(),
        ip: origin.ip,
        userAgent: origin.userAgent.slice(0, 300),
      };
      await sessions.create(session);
      await audit.record({ ...entry, actor: user.id, action: "login.succeeded" }, now);
      return issue(user, session._id, secret, session.expiresAt, now);
    },

    /** A new access token and a new refresh secret; the old secret is spent. */
    async refresh(refreshToken: string, origin: Origin): Promise<Tokens> {
      const now = deps.now();
      const at = now.toISOString();
      const [sid, secret] = refreshToken.split(".");
      const session = sid && secret ? await sessions.get(sid) : null;
      if (!session || !secret) throw new AuthRefusedError("refresh-invalid");
      const hash = sha256(secret);
      const entry = { ip: origin.ip, correlationId: origin.correlationId, actor: session.userId };
      if (hash !== session.secretHash) {
        if (hash === session.previousSecretHash && !session.endedAt) {
          // A spent secret came back: someone holds a copy. End the login for both holders.
          await sessions.end(session._id, "refresh-reused", at);
          await audit.record({ ...entry, action: "refresh.reused", target: session._id }, now);
          throw new AuthRefusedError("refresh-reused");
        }
        throw new AuthRefusedError("refresh-invalid");
      }
      if (session.endedAt || session.expiresAt <= at) throw new AuthRefusedError("refresh-invalid");
      const found = await users.get(session.userId);
      const refusal = found ? admissible(found.user, now) : "disabled";
      if (!found || refusal) {
        await sessions.end(session._id, "disabled", at);
        throw new AuthRefusedError(refusal ?? "disabled");
      }
      const next = newSecret();
      if (!(await sessions.rotate(session._id, hash, sha256(next), at))) {
        throw new AuthRefusedError("refresh-invalid");
      }
      return issue(found.user, session._id, next, session.expiresAt, now);
    },

    async logout(sid: string, userId: string, origin: Origin): Promise<void> {
      const now = deps.now();
      await sessions.end(sid, "logout", now.toISOString());
      await audit.record(
        { actor: userId, action: "logout", ip: origin.ip, correlationId: origin.correlationId },
        now,
      );
    },

    /** Changes one's own password; every other login of the user ends. */
    async changePassword(
      userId: string,
      sid: string,
      current: string,
      next: string,
      origin: Origin,
    ): Promise<void> {
      const now = deps.now();
      const found = await users.get(userId);
      if (!found || !(await verifyPassword(current, found.user.passwordHash))) {
        throw new AuthRefusedError("wrong-credentials");
      }
      const problem = passwordProblem(next, found.user.username, policy.passwordMinLength);
      if (problem) throw new PasswordRuleError(problem);
      await users.update(userId, found.version, {
        passwordHash: await hashPassword(next, policy.passwordMemoryKib),
        updatedAt: now.toISOString(),
      });
      const ended = await sessions.endAllOf(userId, "password-changed", now.toISOString(), sid);
      await audit.record(
        {
          actor: userId,
          action: "password.changed",
          target: userId,
          ip: origin.ip,
          correlationId: origin.correlationId,
          detail: { loginsEnded: ended },
        },
        now,
      );
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

import type { ReadinessCheck } from "@danvan/platform/http";
import { readiness } from "@danvan/platform/http";
import type { Logger } from "@danvan/platform/log";
import type { ServiceMetrics } from "@danvan/platform/metrics";
import type { Database } from "@danvan/platform/mongo";
import { createApp } from "./app.ts";
import { createAuthService } from "./application/auth.ts";
import { createUserAdministration } from "./application/users.ts";
import type { Config } from "./config.ts";
import { createAuditLog } from "./data/audit.ts";
import { createLoginSessionStore } from "./data/login-sessions.ts";
import { createUserStore } from "./data/users.ts";
import { createGatewayVerifier, createTokenIssuer } from "./security/access-tokens.ts";
import { createRateLimiter } from "./security/rate-limit.ts";
import { loadSigningKey } from "./security/signing-key.ts";

/**
 * The gateway's parts wired together on a database, without listening: main.ts serves it, tests
 * assemble it in-process against their own database. Configuration is the validated environment.
 */
export async function assembleGateway(options: {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Extra readiness checks (shutting down, …) beside the database. */
  readiness?: ReadinessCheck[];
  now?: () => Date;
  /** How long a login's state is trusted before it is read again (5 s; tests use 0). */
  sessionCheckCacheMs?: number;
}) {
  const { config, database } = options;
  const now = options.now ?? (() => new Date());
  const key = await loadSigningKey({ file: config.JWT_PRIVATE_KEY_FILE, database });
  const users = await createUserStore(database);
  const sessions = await createLoginSessionStore(database);
  const audit = await createAuditLog(database);
  const policy = {
    sessionDays: config.SESSION_DAYS,
    maxFailures: config.LOGIN_MAX_FAILURES,
    lockMinutes: config.LOGIN_LOCK_MINUTES,
    passwordCost: config.PASSWORD_HASH_COST,
    passwordMinLength: config.PASSWORD_MIN_LENGTH,
  };
  const verify = createGatewayVerifier({
    key,
    ...(options.sessionCheckCacheMs !== undefined ? { cacheMs: options.sessionCheckCacheMs } : {}),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    sessionActive: async (sid) => {
      const session = await sessions.get(sid);
      return session !== null && !session.endedAt && session.expiresAt > now().toISOString();
    },
  });
  const auth = createAuthService({
    users,
    sessions,
    audit,
    tokens: createTokenIssuer({
      key,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_SECONDS,
    }),
    policy,
    now,
  });
  const admin = createUserAdministration({ users, sessions, audit, policy, now });
  const app = createApp({
    logger: options.logger,
    metrics: options.metrics,
    readiness: [readiness.database(database), ...(options.readiness ?? [])],
    trustProxy: config.TRUST_PROXY,
    auth,
    admin,
    verify,
    key,
    loginLimiter: createRateLimiter({ limit: config.LOGIN_ATTEMPTS_PER_MINUTE, windowMs: 60_000 }),
    services: [{ name: "dialogues", baseUrl: config.DIALOGUES_URL }],
    serviceTimeoutMs: config.SERVICE_TIMEOUT_MS,
  });
  return { app, key, users, sessions, audit, auth, admin, verify };
}

import { readFile } from "node:fs/promises";
import type { AccessTokenClaims } from "@danvan/contracts";
import { accessTokenClaimsSchema } from "@danvan/contracts";
import type { NextFunction, Request, Response } from "express";
import type { JSONWebKeySet } from "jose";
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from "jose";
import { ZodError } from "zod";
import { ConfigError } from "../config/index.ts";
import type { SessionEndedCheck } from "./ended-sessions.ts";
import { watchEndedSessions } from "./ended-sessions.ts";
import { problems } from "./problem.ts";
import "./request-context.ts";

export interface TokenVerifierOptions {
  /** The gateway's JWKS endpoint, or a key set given directly (tests, offline tools). */
  jwks: URL | JSONWebKeySet;
  issuer: string;
  audience: string;
  /**
   * Whether a token must name its login (`sid`), as every token the gateway issues does: true
   * unless a service runs in development mode, where hand-made tokens without one are accepted.
   */
  requireSession?: boolean;
  /** Whether the login a token names has ended: its tokens are refused from then on. */
  sessionEnded?: SessionEndedCheck;
  /** The clock expiry is judged by (tests move it). */
  now?: () => number;
}

/**
 * The key set tokens are checked against, from a service's configuration: the gateway's JWKS URL
 * (fetched when first needed), or a JWKS file read and checked now, so that a wrong file stops
 * the service at start-up with its variable named instead of failing every request later.
 */
export async function jwksFrom(source: {
  url?: string | undefined;
  file?: string | undefined;
}): Promise<URL | JSONWebKeySet> {
  if (source.url) return new URL(source.url);
  const file = source.file;
  if (!file) throw new ConfigError(["JWT_JWKS_URL: set JWT_JWKS_URL or JWT_JWKS_FILE"]);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError([`JWT_JWKS_FILE: cannot read ${file} (${(error as Error).message})`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError([`JWT_JWKS_FILE: ${file} is not JSON`]);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ConfigError([`JWT_JWKS_FILE: ${file} is not a key set ({"keys": [ … ]})`]);
  }
  try {
    createLocalJWKSet(parsed as JSONWebKeySet);
  } catch (error) {
    throw new ConfigError([`JWT_JWKS_FILE: ${file}: ${(error as Error).message}`]);
  }
  return parsed as JSONWebKeySet;
}

/** A verifier's refusal of a token for a reason of its own (say, a login that has ended): a 401. */
export class TokenRefusedError extends Error {
  override readonly name: string = "TokenRefusedError";
}

/** A token of a login that has ended (logout, a disabled user, …): a 401. */
export class SessionEndedError extends TokenRefusedError {
  override readonly name = "SessionEndedError";
  constructor() {
    super("the login this token belongs to has ended");
  }
}

export type TokenVerifier = (token: string) => Promise<AccessTokenClaims>;

/** How many verified tokens a verifier remembers (a few hundred users sign in at once). */
const REMEMBERED_TOKENS = 10_000;

/**
 * Verifies the gateway's short-lived, asymmetrically signed access tokens. A token verified once
 * is remembered until it expires: the same text carries the same signature, and checking it
 * (ECDSA) on every request of a user was a few per cent of a service's CPU under load. Whether
 * its login has ended is asked on every request (`sessionEnded` answers from memory).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    options.jwks instanceof URL
      ? createRemoteJWKSet(options.jwks)
      : createLocalJWKSet(options.jwks);
  const now = options.now ?? Date.now;
  const requireSession = options.requireSession ?? true;
  const verified = new Map<string, { claims: AccessTokenClaims; expiresAt: number }>();
  const signed = async (token: string) => {
    const known = verified.get(token);
    // An expired one is verified again, which says so.
    if (known && known.expiresAt > now()) return known.claims;
    verified.delete(token);
    const { payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ["ES256", "EdDSA", "RS256"],
      currentDate: new Date(now()),
    });
    const claims = accessTokenClaimsSchema.parse(payload);
    if (payload.exp !== undefined) {
      if (verified.size >= REMEMBERED_TOKENS) verified.clear();
      verified.set(token, { claims, expiresAt: payload.exp * 1000 });
    }
    return claims;
  };
  return async (token) => {
    const claims = await signed(token);
    if (!claims.sid) {
      if (requireSession) throw new TokenRefusedError("the token names no login session");
      return claims;
    }
    if (options.sessionEnded && (await options.sessionEnded(claims.sid))) {
      throw new SessionEndedError();
    }
    return claims;
  };
}

/**
 * The bearer token of an `Authorization` header, or undefined. The scheme is case-insensitive
 * (RFC 9110 §11.1): "bearer" and "BEARER" too.
 */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header ?? "")?.[1];
}

/** Refuses anonymous requests (401) and sets req.user from a valid bearer token. */
export function requireUser(verify: TokenVerifier) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearerToken(req.get("authorization"));
    if (!token) {
      next(problems.unauthorized());
      return;
    }
    try {
      req.user = await verify(token);
      next();
    } catch (error) {
      const refused =
        error instanceof errors.JOSEError ||
        error instanceof ZodError ||
        error instanceof TokenRefusedError;
      // Anything else (the gateway's list of ended logins cannot be had, say) is the server's.
      if (!refused) {
        next(error);
        return;
      }
      const expired = error instanceof errors.JWTExpired;
      req.log.info({ reason: (error as Error).message }, "access token refused");
      next(
        problems.unauthorized(
          expired
            ? { vi: "Mã truy cập đã hết hạn", en: "The access token has expired" }
            : { vi: "Mã truy cập không hợp lệ", en: "The access token is not valid" },
        ),
      );
    }
  };
}

/**
 * Where the gateway lists ended logins: JWT_ENDED_SESSIONS_URL, else beside the gateway's JWKS
 * (the same origin); none when neither is given (development mode only, as the configuration
 * checks).
 */
export function endedSessionsUrl(config: {
  JWT_JWKS_URL?: string | undefined;
  JWT_ENDED_SESSIONS_URL?: string | undefined;
}): URL | undefined {
  if (config.JWT_ENDED_SESSIONS_URL) return new URL(config.JWT_ENDED_SESSIONS_URL);
  if (config.JWT_JWKS_URL) return new URL("/api/v1/auth/ended-sessions", config.JWT_JWKS_URL);
  return undefined;
}

/**
 * The token verifier a service's configuration describes (the `tokenVerifier` config fragment):
 * its key set read and checked at start-up, its issuer and audience, the gateway's list of ended
 * logins, and whether tokens without a login are accepted (development mode only). A `prepare`
 * of runService.
 */
export async function tokenVerifierFrom(config: {
  JWT_JWKS_URL?: string | undefined;
  JWT_JWKS_FILE?: string | undefined;
  JWT_ENDED_SESSIONS_URL?: string | undefined;
  JWT_ENDED_SESSIONS_POLL_MS: number;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  DEVELOPMENT_MODE: boolean;
}): Promise<TokenVerifier> {
  const url = endedSessionsUrl(config);
  return createTokenVerifier({
    jwks: await jwksFrom({ url: config.JWT_JWKS_URL, file: config.JWT_JWKS_FILE }),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    requireSession: !config.DEVELOPMENT_MODE,
    ...(url
      ? {
          sessionEnded: watchEndedSessions({
            url,
            pollMs: config.JWT_ENDED_SESSIONS_POLL_MS,
            maxStaleMs: 5 * config.JWT_ENDED_SESSIONS_POLL_MS,
          }),
        }
      : {}),
  });
}

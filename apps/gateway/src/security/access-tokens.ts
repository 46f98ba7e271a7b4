import type { AccessTokenClaims } from "@danvan/contracts";
import type { TokenVerifier } from "@danvan/platform/http";
import { createTokenVerifier } from "@danvan/platform/http";
import type { JWK } from "jose";
import { SignJWT } from "jose";
import type { SigningKey } from "./signing-key.ts";

export interface TokenIssuer {
  /** A signed access token for the claims, and when it expires. */
  issue(
    claims: AccessTokenClaims,
    now: Date,
  ): Promise<{ token: string; expiresAt: Date; expiresIn: number }>;
}

export function createTokenIssuer(options: {
  key: SigningKey;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}): TokenIssuer {
  return {
    async issue({ sub, ...claims }, now) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expiresAt = new Date((issuedAt + options.ttlSeconds) * 1000);
      const token = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: "ES256", kid: options.key.kid, typ: "at+jwt" })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(sub)
        .setJti(crypto.randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(options.key.privateKey);
      return { token, expiresAt, expiresIn: options.ttlSeconds };
    },
  };
}

/**
 * The gateway's own check of the tokens it signed, as every service checks them (signature,
 * issuer, audience, expiry, a login named), with whether the login has ended read from its own
 * database, at most every `cacheMs` for each login; a logout here is forgotten at once.
 */
export function createGatewayVerifier(options: {
  keys: JWK[];
  issuer: string;
  audience: string;
  sessionActive: (sid: string) => Promise<boolean>;
  cacheMs?: number;
  now?: () => number;
}): TokenVerifier & { forget(sid: string): void } {
  const cacheMs = options.cacheMs ?? 5000;
  const now = options.now ?? Date.now;
  const known = new Map<string, { active: boolean; until: number }>();
  const verify = createTokenVerifier({
    jwks: { keys: options.keys },
    issuer: options.issuer,
    audience: options.audience,
    ...(options.now ? { now: options.now } : {}),
    async sessionEnded(sid) {
      const cached = known.get(sid);
      if (cached && cached.until > now()) return !cached.active;
      const active = await options.sessionActive(sid);
      // Bounded: a burst of distinct logins cannot grow it without end.
      if (known.size > 10_000) known.clear();
      known.set(sid, { active, until: now() + cacheMs });
      return !active;
    },
  });
  return Object.assign(verify, { forget: (sid: string) => known.delete(sid) });
}

import type { AccessTokenClaims } from "@danvan/contracts";
import type { TokenVerifier } from "@danvan/platform/http";
import { createTokenVerifier, TokenRefusedError } from "@danvan/platform/http";
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

export class SessionEndedError extends TokenRefusedError {
  override readonly name = "SessionEndedError";
  constructor() {
    super("the login this token belongs to has ended");
  }
}

/**
 * The gateway's own check of the tokens it signed: signature, issuer, audience, expiry (as every
 * service checks them), and that the login they belong to has not ended — logout and revocation
 * take effect here within `cacheMs`, and at the token's expiry in services called directly.
 */
export function createGatewayVerifier(options: {
  key: SigningKey;
  issuer: string;
  audience: string;
  sessionActive: (sid: string) => Promise<boolean>;
  cacheMs?: number;
  now?: () => number;
}): TokenVerifier & { forget(sid: string): void } {
  const verify = createTokenVerifier({
    jwks: { keys: [options.key.publicJwk] },
    issuer: options.issuer,
    audience: options.audience,
    ...(options.now ? { now: options.now } : {}),
  });
  const cacheMs = options.cacheMs ?? 5000;
  const now = options.now ?? Date.now;
  const known = new Map<string, { active: boolean; until: number }>();
  const check = async (token: string) => {
    // The signature is checked once per token (the platform's verifier remembers it); the
    // login's state is looked at again every `cacheMs`.
    const claims = await verify(token);
    if (!claims.sid) throw new SessionEndedError();
    const cached = known.get(claims.sid);
    let active = cached && cached.until > now() ? cached.active : undefined;
    if (active === undefined) {
      active = await options.sessionActive(claims.sid);
      // Bounded: a burst of distinct logins cannot grow it without end.
      if (known.size > 10_000) known.clear();
      known.set(claims.sid, { active, until: now() + cacheMs });
    }
    if (!active) throw new SessionEndedError();
    return claims;
  };
  return Object.assign(check, { forget: (sid: string) => known.delete(sid) });
}

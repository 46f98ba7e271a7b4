import type { AccessTokenClaims } from "@danvan/contracts";
import type { TokenVerifier } from "@danvan/platform/http";
import { createTokenVerifier } from "@danvan/platform/http";
import type { JSONWebKeySet } from "jose";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

export interface SignOptions {
  /** `5m`, `-1m` (expired), …; ten minutes by default. */
  expiresIn?: string;
  issuer?: string;
  audience?: string;
  /** A token naming no login, as only a service in development mode accepts. */
  sessionless?: boolean;
}

/**
 * The claims a test gives a token: roles at least; `sub` is "user" unless given, `sid` a new
 * login's id unless given.
 */
export type TestClaims = Partial<AccessTokenClaims> & Pick<AccessTokenClaims, "roles">;

/** Tokens as the gateway issues them (ES256, its issuer and audience), on a key of the test's own. */
export interface TokenIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** The public key set, as the gateway publishes it (write it to a file for JWT_JWKS_FILE). */
  readonly jwks: JSONWebKeySet;
  /** A verifier as every service builds one from its configuration. */
  readonly verify: TokenVerifier;
  sign(claims: TestClaims, options?: SignOptions): Promise<string>;
}

/**
 * The one token issuer of the tests. Two issuers made with the same `kid` sign with different
 * keys: a token of one is a forgery to the other's verifier.
 */
export async function createTokenIssuer(
  options: { issuer?: string; audience?: string; kid?: string } = {},
): Promise<TokenIssuer> {
  const issuer = options.issuer ?? "https://gateway.danvan.test";
  const audience = options.audience ?? "danvan-services";
  const kid = options.kid ?? "test";
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" }],
  };
  return {
    issuer,
    audience,
    jwks,
    verify: createTokenVerifier({ jwks, issuer, audience }),
    sign({ sub, ...claims }, signing = {}) {
      const sid = signing.sessionless ? undefined : (claims.sid ?? crypto.randomUUID());
      return new SignJWT({ ...claims, ...(sid ? { sid } : {}) })
        .setProtectedHeader({ alg: "ES256", kid })
        .setIssuer(signing.issuer ?? issuer)
        .setAudience(signing.audience ?? audience)
        .setSubject(sub ?? "user")
        .setIssuedAt()
        .setExpirationTime(signing.expiresIn ?? "10m")
        .sign(privateKey);
    },
  };
}

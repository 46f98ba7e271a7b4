import { readFile } from "node:fs/promises";
import { ConfigError } from "@danvan/platform/config";
import type { Collection, Database } from "@danvan/platform/mongo";
import { isDuplicateKey } from "@danvan/platform/mongo";
import type { CryptoKey, JWK } from "jose";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from "jose";

/** The key access tokens are signed with, and its public half as the services fetch it. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const ALG = "ES256";

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const { d: _d, ...publicPart } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart));
  const privateKey = (await importJWK({ ...jwk, alg: ALG }, ALG)) as CryptoKey;
  return {
    kid,
    privateKey,
    publicJwk: {
      kty: publicPart.kty,
      crv: publicPart.crv,
      x: publicPart.x,
      y: publicPart.y,
      kid,
      alg: ALG,
      use: "sig",
    } as JWK,
  };
}

/**
 * Production gives the key as a file (a secret mounted into the container). Without one, the
 * first replica makes a key and keeps it in the gateway's database, where the others find it —
 * convenient for development; the database then holds a secret (README, "Keys").
 */
export async function loadSigningKey(options: {
  file?: string | undefined;
  database: Database;
}): Promise<SigningKey> {
  if (options.file) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(await readFile(options.file, "utf8")) as JWK;
    } catch (error) {
      throw new ConfigError([
        `JWT_PRIVATE_KEY_FILE: cannot read ${options.file} as JSON (${(error as Error).message})`,
      ]);
    }
    if (jwk.kty !== "EC" || jwk.crv !== "P-256" || typeof jwk.d !== "string") {
      throw new ConfigError([
        `JWT_PRIVATE_KEY_FILE: ${options.file} is not a P-256 (ES256) private JWK`,
      ]);
    }
    return fromPrivateJwk(jwk);
  }
  const keys: Collection<{ _id: string; privateJwk: JWK; createdAt: string }> =
    options.database.collection("signing_keys");
  const stored = await keys.findOne({ _id: "current" });
  if (stored) return fromPrivateJwk(stored.privateJwk);
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  try {
    await keys.insertOne({ _id: "current", privateJwk, createdAt: new Date().toISOString() });
    return fromPrivateJwk(privateJwk);
  } catch (error) {
    // Another replica made one first: use theirs.
    if (!isDuplicateKey(error)) throw error;
    const theirs = await keys.findOne({ _id: "current" });
    if (!theirs) throw error;
    return fromPrivateJwk(theirs.privateJwk);
  }
}

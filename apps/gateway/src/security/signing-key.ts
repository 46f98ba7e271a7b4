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

/** The key tokens are signed with, and every public key tokens are accepted with (the JWKS). */
export interface SigningKeys {
  current: SigningKey;
  /** The current key's public half first, then the others of a rotation. */
  published: JWK[];
}

const ALG = "ES256";

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const { d: _d, ...publicPart } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart));
  const privateKey = (await importJWK({ ...jwk, alg: ALG }, ALG)) as CryptoKey;
  return {
    kid,
    privateKey,
    publicJwk: publicJwkOf(publicPart, kid),
  };
}

const publicJwkOf = (jwk: JWK, kid: string): JWK =>
  ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: ALG, use: "sig" }) as JWK;

async function readJson(variable: string, file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new ConfigError([
      `${variable}: cannot read ${file} as JSON (${(error as Error).message})`,
    ]);
  }
}

/**
 * The public keys published beside the signing key during a rotation (README, "Rotating the
 * signing key"): the next key before the replicas sign with it, the previous one until the
 * tokens it signed have expired. Each needs its own `kid`; private parts are refused.
 */
async function otherPublicKeys(file: string, current: SigningKey): Promise<JWK[]> {
  const variable = "JWT_OTHER_PUBLIC_KEYS_FILE";
  const keys = (await readJson(variable, file)) as { keys?: unknown } | null;
  if (!Array.isArray(keys?.keys)) {
    throw new ConfigError([`${variable}: ${file} is not a key set ({"keys": [ … ]})`]);
  }
  const problems: string[] = [];
  const published = (keys.keys as JWK[]).flatMap((jwk, index) => {
    const where = `${variable}: key ${index + 1} of ${file}`;
    if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.x || !jwk.y) {
      problems.push(`${where} is not a P-256 (ES256) public JWK`);
    } else if (jwk.d !== undefined) {
      problems.push(`${where} holds a private key: publish public keys only`);
    } else if (!jwk.kid || jwk.kid === current.kid) {
      problems.push(`${where} needs a kid of its own (the signing key's is ${current.kid})`);
    } else {
      return [publicJwkOf(jwk, jwk.kid)];
    }
    return [];
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return published;
}

/**
 * The signing key and the key set the gateway publishes: the signing key's public half and, during
 * a rotation, the other public keys of `otherKeysFile`.
 */
export async function loadSigningKeys(options: {
  file?: string | undefined;
  otherKeysFile?: string | undefined;
  database: Database;
}): Promise<SigningKeys> {
  const current = await loadSigningKey(options);
  const others = options.otherKeysFile ? await otherPublicKeys(options.otherKeysFile, current) : [];
  return { current, published: [current.publicJwk, ...others] };
}

/**
 * Production gives the key as a file (a secret mounted into the container). Without one, the
 * first replica makes a key and keeps it in the gateway's database, where the others find it —
 * convenient for development; the database then holds a secret (README, "Keys").
 */
async function loadSigningKey(options: {
  file?: string | undefined;
  database: Database;
}): Promise<SigningKey> {
  if (options.file) {
    const jwk = (await readJson("JWT_PRIVATE_KEY_FILE", options.file)) as JWK;
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

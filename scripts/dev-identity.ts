// The development identity of `npm start`: an ES256 key pair kept in the local state folder, which
// the gateway signs with (JWT_PRIVATE_KEY_FILE) and the services verify against (JWT_JWKS_FILE),
// so that they need not wait for each other, and the key sealing personal data at rest
// (PERSONAL_DATA_KEYS), kept so that a restart still opens what was sealed. Users log in at the
// gateway for their tokens.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair } from "jose";

export const DEV_ISSUER = "https://gateway.danvan.local";
export const DEV_AUDIENCE = "danvan-services";

export async function devIdentity(
  dir = join(process.env.DANVAN_STATE_DIR || join(tmpdir(), "danvan-local"), "dev-identity"),
) {
  await mkdir(dir, { recursive: true });
  const privateFile = join(dir, "private.jwk.json");
  if (!existsSync(privateFile)) {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    await writeFile(privateFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid: "dev" }), {
      mode: 0o600,
    });
    await writeFile(
      join(dir, "jwks.json"),
      JSON.stringify({
        keys: [{ ...(await exportJWK(publicKey)), kid: "dev", alg: "ES256", use: "sig" }],
      }),
    );
  }
  const personalDataFile = join(dir, "personal-data.key");
  if (!existsSync(personalDataFile)) {
    await writeFile(personalDataFile, `dev:${randomBytes(32).toString("base64")}`, { mode: 0o600 });
  }
  const sessionSecretFile = join(dir, "web-session.secret");
  if (!existsSync(sessionSecretFile)) {
    await writeFile(sessionSecretFile, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return {
    webSessionSecrets: (await readFile(sessionSecretFile, "utf8")).trim(),
    jwksFile: join(dir, "jwks.json"),
    privateKeyFile: privateFile,
    personalDataKeys: (await readFile(personalDataFile, "utf8")).trim(),
  };
}

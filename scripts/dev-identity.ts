// The development identity of `npm start`: an ES256 key pair kept in the local state folder, which
// the gateway signs with (JWT_PRIVATE_KEY_FILE) and the services verify against (JWT_JWKS_FILE),
// so that they need not wait for each other; and long-lived tokens for calling services directly.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JWK } from "jose";
import { exportJWK, generateKeyPair, importJWK, SignJWT } from "jose";

export const DEV_ISSUER = "https://gateway.danvan.local";
export const DEV_AUDIENCE = "danvan-services";

const demoUsers = {
  "province-staff": {
    roles: ["province_staff"],
    units: [],
    agencies: [],
    grants: ["petitioner_contact"],
  },
  "commune-officer-00004": {
    roles: ["commune_officer"],
    units: ["00004"],
    agencies: [],
    grants: [],
  },
  "agency-officer-so-tnmt": {
    roles: ["agency_officer"],
    units: [],
    agencies: ["SO-TNMT"],
    grants: [],
  },
};

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
  const privateKey = await importJWK(
    JSON.parse(await readFile(privateFile, "utf8")) as JWK,
    "ES256",
  );
  const tokens: Record<string, string> = {};
  for (const [sub, claims] of Object.entries(demoUsers)) {
    tokens[sub] = await new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: "dev" })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime("12h")
      .sign(privateKey);
  }
  const tokensFile = join(dir, "tokens.json");
  await writeFile(tokensFile, `${JSON.stringify(tokens, null, 2)}\n`);
  return { jwksFile: join(dir, "jwks.json"), privateKeyFile: privateFile, tokensFile };
}

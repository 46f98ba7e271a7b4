import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@danvan/platform/config";
import { createTokenVerifier } from "@danvan/platform/http";
import { connectDatabase } from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import type { JWK } from "jose";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSigningKeys } from "../../src/security/signing-key.ts";
import { gatewayInstance, ISSUER } from "../fixtures.ts";

// A rotation as README's "Rotating the signing key" tells it: replicas signing with the old key
// and replicas signing with the new one run side by side, each publishing both public keys, so
// that every token either signs is accepted everywhere until the old key's tokens have expired.
const scope = testScope("gateway-signing-keys");
let dir: string;
let oldKey: JWK;
let newKey: JWK;
const publicOf = ({ d: _d, ...jwk }: JWK) => jwk;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gateway-keys-"));
  const make = async (kid: string) => ({
    ...(await exportJWK((await generateKeyPair("ES256", { extractable: true })).privateKey)),
    kid,
  });
  oldKey = await make("2026-06");
  newKey = await make("2026-12");
  await writeFile(join(dir, "old.jwk.json"), JSON.stringify(oldKey));
  await writeFile(join(dir, "new.jwk.json"), JSON.stringify(newKey));
  await writeFile(join(dir, "old-public.json"), JSON.stringify({ keys: [publicOf(oldKey)] }));
  await writeFile(join(dir, "new-public.json"), JSON.stringify({ keys: [publicOf(newKey)] }));
});

describe("rotating the signing key", () => {
  let before: Awaited<ReturnType<typeof gatewayInstance>>;
  let after: Awaited<ReturnType<typeof gatewayInstance>>;
  afterAll(async () => {
    await before?.close();
    await after?.close();
  });

  it("accepts the tokens of both keys during the overlap, at the gateway and at a service", async () => {
    // Replicas still signing with the old key already publish the new one (step 1) …
    before = await gatewayInstance(scope, {
      JWT_PRIVATE_KEY_FILE: join(dir, "old.jwk.json"),
      JWT_OTHER_PUBLIC_KEYS_FILE: join(dir, "new-public.json"),
    });
    // … and those signing with the new one publish the old one until its tokens expire (step 2).
    after = await gatewayInstance(scope, {
      JWT_PRIVATE_KEY_FILE: join(dir, "new.jwk.json"),
      JWT_OTHER_PUBLIC_KEYS_FILE: join(dir, "old-public.json"),
    });
    await before.user("xoay.khoa", [{ role: "province_staff", units: [], agencies: [] }]);
    const oldToken = (await before.login("xoay.khoa")).body.accessToken;
    const newToken = (await after.login("xoay.khoa")).body.accessToken;
    const kidOf = (token: string) =>
      (JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString()) as JWK).kid;
    expect([kidOf(oldToken), kidOf(newToken)]).toEqual(["2026-06", "2026-12"]);

    for (const gateway of [before, after]) {
      const jwks = await gateway.call("GET", "/.well-known/jwks.json");
      const kids = (jwks.body as unknown as { keys: JWK[] }).keys.map((key) => key.kid);
      expect(kids.sort()).toEqual(["2026-06", "2026-12"]);
      expect(JSON.stringify(jwks.body)).not.toContain('"d"');
      const service = createTokenVerifier({
        jwks: jwks.body as never,
        issuer: ISSUER,
        audience: "danvan-services",
      });
      for (const token of [oldToken, newToken]) {
        expect((await gateway.call("GET", "/api/v1/auth/me", token)).status).toBe(200);
        expect((await service(token)).sub).toBeTruthy();
      }
    }
  });
});

describe("the other public keys", () => {
  it("must be public P-256 keys with kids of their own, or the gateway does not start", async () => {
    const cases: [string, unknown, RegExp][] = [
      ["private.json", { keys: [oldKey] }, /holds a private key/],
      ["same-kid.json", { keys: [{ ...publicOf(newKey), kid: "2026-06" }] }, /kid of its own/],
      ["rsa.json", { keys: [{ kty: "RSA", n: "x", e: "AQAB", kid: "r" }] }, /not a P-256/],
      ["not-a-set.json", [publicOf(newKey)], /not a key set/],
    ];
    const database = await connectDatabase(scope.mongoUrl, scope.databaseName);
    try {
      for (const [name, content, message] of cases) {
        await writeFile(join(dir, name), JSON.stringify(content));
        const refused = loadSigningKeys({
          file: join(dir, "old.jwk.json"),
          otherKeysFile: join(dir, name),
          database,
        });
        await expect(refused, name).rejects.toBeInstanceOf(ConfigError);
        await expect(refused, name).rejects.toThrow(message);
      }
    } finally {
      await database.close();
    }
  });
});

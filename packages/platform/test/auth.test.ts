import { mkdtemp, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccessTokenClaims } from "@danvan/contracts";
import { ConfigError } from "@danvan/platform/config";
import { defineAccessPolicy } from "@danvan/platform/domain";
import {
  createHttpApp,
  createTokenVerifier,
  fields,
  forbidden,
  jwksFrom,
  requireUser,
  route,
  TokenRefusedError,
} from "@danvan/platform/http";
import { createTelemetry } from "@danvan/platform/telemetry";
import type { TestClaims, TokenIssuer } from "@danvan/testing";
import { createTokenIssuer } from "@danvan/testing";
import { errors, exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { quietLogger } from "./fixtures/harness.ts";

// Tokens signed with a real key pair, verified against its JWKS, as services verify the
// gateway's tokens; the route's access is a policy, as services declare theirs.
const policy = defineAccessPolicy({
  "unit.change": {
    province_admin: "everywhere",
    province_staff: "everywhere",
    commune_officer: "unit",
  },
});
let tokens: TokenIssuer;
/** The same issuer and key id, another key: what it signs is a forgery to the verifier. */
let forger: TokenIssuer;
const sign = (claims: TestClaims, options: { expiresIn?: string; issuer?: string } = {}) =>
  (claims.sub === "forger" ? forger : tokens).sign(
    { ...claims, sub: claims.sub ?? "u-1" },
    { expiresIn: options.expiresIn ?? "5m", ...(options.issuer ? { issuer: options.issuer } : {}) },
  );
let server: Server;
let base: string;

beforeAll(async () => {
  tokens = await createTokenIssuer();
  forger = await createTokenIssuer();
  const app = createHttpApp({
    logger: quietLogger(),
    telemetry: createTelemetry("auth-test"),
    readiness: [],
    api: {
      title: "auth test",
      verify: tokens.verify,
      routes: [
        route({
          method: "post",
          path: "/units/:unit/changes",
          operationId: "changeUnit",
          tag: "test",
          summary: "Một thay đổi trong một đơn vị",
          params: z.strictObject({ unit: fields.unitCode }),
          body: z.strictObject({}),
          access: policy.gate("unit.change"),
          responses: { 200: { description: "OK" } },
          handle(input) {
            if (!policy.allows(input.user, "unit.change", { unitCode: input.params.unit })) {
              throw forbidden(input, "unit.change");
            }
            return { body: { ok: true, user: input.user.sub } };
          },
        }),
      ],
    },
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const call = (unit: string, token?: string) =>
  fetch(`${base}/units/${unit}/changes`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: "{}",
  });

describe("access tokens", () => {
  it("let a commune officer act in their commune", async () => {
    const token = await sign({ sub: "officer-1", roles: ["commune_officer"], units: ["00004"] });
    const response = await call("00004", token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, user: "officer-1" });
  });

  it("refuse anonymous, expired, forged and foreign-issuer tokens with 401", async () => {
    const expired = await sign({ roles: ["province_staff"] }, { expiresIn: "-1m" });
    const forged = await sign({ sub: "forger", roles: ["province_admin"] });
    const foreign = await sign({ roles: ["province_staff"] }, { issuer: "https://evil.test" });
    for (const token of [undefined, "not-a-jwt", expired, forged, foreign]) {
      const response = await call("00004", token);
      expect(response.status, String(token).slice(0, 20)).toBe(401);
      expect(response.headers.get("content-type")).toMatch(/problem\+json/);
    }
    const expiredProblem = (await (await call("00004", expired)).json()) as { detail: string };
    expect(expiredProblem.detail).toBe("Mã truy cập đã hết hạn");
  });

  it("take the scheme in any case", async () => {
    const token = await sign({ sub: "officer-1", roles: ["commune_officer"], units: ["00004"] });
    for (const scheme of ["bearer", "BEARER", "Bearer  "]) {
      const response = await fetch(`${base}/units/00004/changes`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `${scheme} ${token}` },
        body: "{}",
      });
      expect(response.status, scheme).toBe(200);
    }
  });

  it("refuse a role that may not act with 403", async () => {
    const token = await sign({ roles: ["viewer"], units: ["00004"] });
    expect((await call("00004", token)).status).toBe(403);
  });

  it("are remembered once verified, yet refused once expired by the verifier's clock", async () => {
    let clock = Date.now();
    const verify = createTokenVerifier({
      jwks: tokens.jwks,
      issuer: tokens.issuer,
      audience: tokens.audience,
      now: () => clock,
    });
    const token = await sign({ sub: "officer-2", roles: ["commune_officer"] }, { expiresIn: "5m" });
    expect((await verify(token)).sub).toBe("officer-2");
    expect((await verify(token)).sub).toBe("officer-2");
    // Remembered, yet not past its expiry: verified again, and refused as expired.
    clock += 6 * 60 * 1000;
    await expect(verify(token)).rejects.toBeInstanceOf(errors.JWTExpired);
    // A forgery of a remembered token's claims is still checked, and refused.
    clock = Date.now();
    const forged = await sign({ sub: "forger", roles: ["commune_officer"] });
    await expect(verify(forged)).rejects.toBeInstanceOf(errors.JOSEError);
  });

  it("refuse claims that do not fit the schema", async () => {
    const token = await sign({ roles: ["emperor" as never] });
    expect((await call("00004", token)).status).toBe(401);
  });
});

describe("access policies", () => {
  const officer: AccessTokenClaims = {
    sub: "o",
    roles: ["commune_officer"],
    units: ["00004"],
    agencies: [],
    grants: [],
  };
  const agency: AccessTokenClaims = {
    sub: "a",
    roles: ["agency_officer"],
    units: [],
    agencies: ["SO-TNMT"],
    grants: [],
  };
  const staff: AccessTokenClaims = {
    sub: "s",
    roles: ["province_staff"],
    units: [],
    agencies: [],
    grants: ["petitioner_contact"],
  };

  // What the scope helpers of the platform decided before policies were data.
  const rules = defineAccessPolicy({
    "unit.act": {
      province_admin: "everywhere",
      province_staff: "everywhere",
      commune_officer: "unit",
    },
    "agency.act": {
      province_admin: "everywhere",
      province_staff: "everywhere",
      agency_officer: "agency",
    },
    "contact.read": { "grant:petitioner_contact": "everywhere" },
  });
  const canActInUnit = (user: AccessTokenClaims, unitCode: string) =>
    rules.allows(user, "unit.act", { unitCode });
  const canActForAgency = (user: AccessTokenClaims, agencyCode: string | undefined) =>
    rules.allows(user, "agency.act", { agencyCode });
  const hasGrant = (user: AccessTokenClaims) => rules.allows(user, "contact.read", {});

  it("deny by default and let province staff act everywhere", () => {
    expect(canActInUnit(officer, "00004")).toBe(true);
    expect(canActInUnit(officer, "00082")).toBe(false);
    expect(canActInUnit(agency, "00004")).toBe(false);
    expect(canActInUnit(staff, "00082")).toBe(true);
    expect(canActForAgency(agency, "SO-TNMT")).toBe(true);
    expect(canActForAgency(agency, "SO-XD")).toBe(false);
    expect(canActForAgency(officer, undefined)).toBe(false);
    expect(hasGrant(staff)).toBe(true);
    expect(hasGrant(agency)).toBe(false);
  });
});

describe("the key set from configuration", () => {
  it("takes a URL as it is and reads a JWKS file", async () => {
    expect(await jwksFrom({ url: "http://gateway:3000/.well-known/jwks.json" })).toEqual(
      new URL("http://gateway:3000/.well-known/jwks.json"),
    );
    const { publicKey } = await generateKeyPair("ES256");
    const file = join(await mkdtemp(join(tmpdir(), "jwks-")), "jwks.json");
    const keySet = { keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" }] };
    await writeFile(file, JSON.stringify(keySet));
    expect(await jwksFrom({ file })).toEqual(keySet);
  });

  it("stops start-up with JWT_JWKS_FILE named when the file is missing, not JSON or not a key set", async () => {
    const dir = await mkdtemp(join(tmpdir(), "jwks-"));
    const cases: [string, string | null, RegExp][] = [
      ["missing.json", null, /JWT_JWKS_FILE: cannot read .*missing\.json/],
      ["empty.json", "", /JWT_JWKS_FILE: .*empty\.json is not JSON/],
      ["array.json", "[]", /JWT_JWKS_FILE: .*array\.json is not a key set/],
      ["nokeys.json", '{"keys": []}', /JWT_JWKS_FILE: .*nokeys\.json is not a key set/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      if (content !== null) await writeFile(file, content);
      const refused = jwksFrom({ file });
      await expect(refused, name).rejects.toBeInstanceOf(ConfigError);
      await expect(refused, name).rejects.toThrow(message);
    }
    await expect(jwksFrom({})).rejects.toThrow(/JWT_JWKS_URL or JWT_JWKS_FILE/);
  });
});

describe("a verifier's own refusals and failures", () => {
  it("answer 401 for a refused token and 500 when the verifier itself fails", async () => {
    const verifier = async (token: string): Promise<AccessTokenClaims> => {
      if (token === "ended") throw new TokenRefusedError("the login has ended");
      throw new Error("database unreachable");
    };
    const app = createHttpApp({
      logger: quietLogger(),
      telemetry: createTelemetry("auth-failure-test"),
      readiness: [],
      routes: (app) => {
        app.get("/me", requireUser(verifier), (_req, res) => {
          res.json({});
        });
      },
    });
    const local = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => local.once("listening", resolve));
    try {
      const url = `http://127.0.0.1:${(local.address() as AddressInfo).port}/me`;
      const status = async (token: string) =>
        (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status;
      expect(await status("ended")).toBe(401);
      expect(await status("other")).toBe(500);
    } finally {
      await new Promise((resolve) => local.close(resolve));
    }
  });
});

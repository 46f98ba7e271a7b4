import { randomBytes, scryptSync } from "node:crypto";
import { createTokenVerifier } from "@danvan/platform/http";
import { testScope } from "@danvan/testing";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFirstAdministrator } from "../../src/application/first-administrator.ts";
import { gatewayInstance, ISSUER, PASSWORD } from "../fixtures.ts";

// Identity over HTTP on the real database: logins, tokens the services accept, refresh,
// rate limits, logout and revocation, validity periods (wrong logins' delays: login-delays.test.ts).
const scope = testScope("gateway-auth");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;

beforeAll(async () => {
  gateway = await gatewayInstance(scope);
  await gateway.user("can.bo", [{ role: "commune_officer", units: ["00004"], agencies: [] }], {
    displayName: "Nguyễn Thị Thuỷ",
  });
});
afterAll(async () => {
  await gateway?.close();
});

const me = (token: string) => gateway.call("GET", "/api/v1/auth/me", token);

describe("the first administrator", () => {
  it("is made once, on a gateway without users, with a generated password that works", async () => {
    const other = await gatewayInstance(testScope("gateway-first-admin"));
    try {
      const options = {
        users: other.users,
        audit: other.audit,
        username: "admin",
        password: undefined,
        passwordMemoryKib: 1024,
        now: new Date(),
      };
      const first = await ensureFirstAdministrator(options);
      expect(first?.generatedPassword).toMatch(/^[A-Za-z2-9]{16}$/);
      expect(await ensureFirstAdministrator(options)).toBeUndefined();
      const login = await other.login("admin", first?.generatedPassword);
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ roles: ["province_admin"] });
    } finally {
      await other.close();
    }
  });
});

describe("logging in", () => {
  it("gives an access token the services accept, with the user's scope", async () => {
    const login = await gateway.login("CAN.BO ");
    expect(login.status).toBe(200);
    expect(login.headers.get("cache-control")).toBe("no-store");
    expect(login.body).toMatchObject({ tokenType: "Bearer", expiresIn: 600 });

    // What a service does: fetch the gateway's JWKS and verify.
    const jwks = await gateway.call("GET", "/.well-known/jwks.json");
    const verify = createTokenVerifier({
      jwks: jwks.body as never,
      issuer: ISSUER,
      audience: "danvan-services",
    });
    expect(await verify(login.body.accessToken)).toMatchObject({
      name: "Nguyễn Thị Thuỷ",
      roles: ["commune_officer"],
      units: ["00004"],
      agencies: [],
    });
    expect((await me(login.body.accessToken)).body).toMatchObject({ units: ["00004"] });
  });

  it("refuses a wrong password and an unknown user alike, and audits both", async () => {
    const wrong = await gateway.login("can.bo", "not the password");
    const unknown = await gateway.login("nobody", PASSWORD);
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    const { items } = await gateway.audit.list({ action: "login.failed", offset: 0, limit: 10 });
    expect(items.map((e) => e.detail?.username ?? "known")).toEqual(
      expect.arrayContaining(["nobody", "known"]),
    );
    // A correct login resets the count.
    expect((await gateway.login("can.bo")).status).toBe(200);
  });

  it("limits attempts per client address", async () => {
    const strict = await gatewayInstance(testScope("gateway-rate"), {
      LOGIN_ATTEMPTS_PER_MINUTE: "3",
    });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await strict.login("x", "y")).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await strict.login("x", "y");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });

  it("refuses disabled users and users without a role valid now", async () => {
    const past = await gateway.user("het.han", [
      {
        role: "commune_officer",
        units: ["00004"],
        agencies: [],
        validFrom: "2024-01-01T00:00:00.000Z",
        validTo: "2025-07-01T00:00:00.000Z",
      },
    ]);
    expect(past.id).toBeTruthy();
    const expired = await gateway.login("het.han");
    expect(expired.status).toBe(403);
    expect(expired.body.detail).toMatch(/vai trò/);
  });

  it("puts into the token only the assignments valid now", async () => {
    await gateway.user("chuyen.cong.tac", [
      {
        role: "commune_officer",
        units: ["00004"],
        agencies: [],
        validFrom: "2024-01-01T00:00:00.000Z",
        validTo: "2025-07-01T00:00:00.000Z",
      },
      {
        role: "commune_officer",
        units: ["00082"],
        agencies: [],
        validFrom: "2025-07-01T00:00:00.000Z",
      },
      { role: "viewer", units: [], agencies: [], validFrom: "2099-01-01T00:00:00.000Z" },
    ]);
    const login = await gateway.login("chuyen.cong.tac");
    expect(login.body.user).toMatchObject({ roles: ["commune_officer"], units: ["00082"] });
  });
});

describe("tokens", () => {
  it("refuses a token signed with another key, at the gateway and at a service", async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({
      roles: ["province_admin"],
      units: [],
      agencies: [],
      grants: [],
    })
      .setProtectedHeader({ alg: "ES256", kid: gateway.keys.current.kid })
      .setIssuer(ISSUER)
      .setAudience("danvan-services")
      .setSubject("intruder")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    expect((await me(forged)).status).toBe(401);
    const jwks = await gateway.call("GET", "/.well-known/jwks.json");
    const service = createTokenVerifier({
      jwks: jwks.body as never,
      issuer: ISSUER,
      audience: "danvan-services",
    });
    await expect(service(forged)).rejects.toThrow();
    expect(JSON.stringify(jwks.body)).not.toContain(JSON.stringify(await exportJWK(publicKey)));
  });

  it("lists the logins that ended while their tokens may live, for the services", async () => {
    const login = await gateway.login("can.bo");
    const sid = (login.body.user as { sid: string }).sid;
    const list = async (since?: string) =>
      (
        (
          await gateway.call(
            "GET",
            `/api/v1/auth/ended-sessions${since ? `?since=${encodeURIComponent(since)}` : ""}`,
          )
        ).body as unknown as { asOf: string; sessions: { sid: string; refuseUntil: string }[] }
      ).sessions.map((session) => session.sid);
    expect(await list()).not.toContain(sid);
    const beforeLogout = new Date().toISOString();
    await gateway.call("POST", "/api/v1/auth/logout", login.body.accessToken);
    expect(await list()).toContain(sid);
    expect(await list(beforeLogout)).toContain(sid);
    expect(await list(new Date(Date.now() + 60_000).toISOString())).not.toContain(sid);
    const bad = await gateway.call("GET", "/api/v1/auth/ended-sessions?since=yesterday");
    expect(bad.status).toBe(400);
  });

  it("refresh: a new pair each time; a spent refresh token ends the login for everyone", async () => {
    const login = await gateway.login("can.bo");
    const first = await gateway.call("POST", "/api/v1/auth/refresh", undefined, {
      refreshToken: login.body.refreshToken,
    });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(login.body.refreshToken);
    expect((await me(first.body.accessToken)).status).toBe(200);

    // The old refresh token again: someone copied it. Both holders are out.
    const replay = await gateway.call("POST", "/api/v1/auth/refresh", undefined, {
      refreshToken: login.body.refreshToken,
    });
    expect(replay.status).toBe(401);
    expect((await me(first.body.accessToken)).status).toBe(401);
    const again = await gateway.call("POST", "/api/v1/auth/refresh", undefined, {
      refreshToken: first.body.refreshToken,
    });
    expect(again.status).toBe(401);
    const reused = await gateway.audit.list({ action: "refresh.reused", offset: 0, limit: 5 });
    expect(reused.total).toBe(1);
  });

  it("logout ends the login: its access and refresh tokens stop working", async () => {
    const login = await gateway.login("can.bo");
    expect((await gateway.call("POST", "/api/v1/auth/logout", login.body.accessToken)).status).toBe(
      204,
    );
    expect((await me(login.body.accessToken)).status).toBe(401);
    const refresh = await gateway.call("POST", "/api/v1/auth/refresh", undefined, {
      refreshToken: login.body.refreshToken,
    });
    expect(refresh.status).toBe(401);
  });

  it("changing one's password ends the other logins and keeps this one", async () => {
    await gateway.user("doi.mat.khau", [{ role: "province_staff", units: [], agencies: [] }]);
    const here = await gateway.login("doi.mat.khau");
    const elsewhere = await gateway.login("doi.mat.khau");
    const weak = await gateway.call("POST", "/api/v1/auth/password", here.body.accessToken, {
      currentPassword: PASSWORD,
      newPassword: "short",
    });
    expect(weak.status).toBe(422);
    const wrong = await gateway.call("POST", "/api/v1/auth/password", here.body.accessToken, {
      currentPassword: "not it",
      newPassword: "Một mật khẩu mới 2026",
    });
    expect(wrong.status).toBe(422);
    const changed = await gateway.call("POST", "/api/v1/auth/password", here.body.accessToken, {
      currentPassword: PASSWORD,
      newPassword: "Một mật khẩu mới 2026",
    });
    expect(changed.status).toBe(204);
    expect((await me(here.body.accessToken)).status).toBe(200);
    expect((await me(elsewhere.body.accessToken)).status).toBe(401);
    expect((await gateway.login("doi.mat.khau")).status).toBe(401);
    expect((await gateway.login("doi.mat.khau", "Một mật khẩu mới 2026")).status).toBe(200);
  });

  it("lets a session try the current password five times in 15 minutes, then makes it wait", async () => {
    await gateway.user("doan.mat.khau", [{ role: "province_staff", units: [], agencies: [] }]);
    const session = (await gateway.login("doan.mat.khau")).body.accessToken;
    const guess = () =>
      gateway.call("POST", "/api/v1/auth/password", session, {
        currentPassword: "một lần đoán",
        newPassword: "Một mật khẩu mới 2026",
      });
    for (let i = 0; i < 5; i++) expect((await guess()).status).toBe(422);
    const waiting = await guess();
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(waiting.body.detail).toMatch(
      /^Đã thử đổi mật khẩu quá nhiều lần; thử lại sau \d+ phút$/,
    );
    // The owner is not locked out.
    expect((await gateway.login("doan.mat.khau")).status).toBe(200);
  });

  it("replaces a password hash of the scrypt before with argon2id at the next login", async () => {
    const created = await gateway.user("hash.cu", [{ role: "viewer", units: [], agencies: [] }]);
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 10, r: 8, p: 1 });
    const legacy = ["scrypt", 10, 8, 1, salt.toString("base64url"), key.toString("base64url")];
    const users = gateway.database.collection("users");
    await users.updateOne({ _id: created.id } as never, {
      $set: { passwordHash: legacy.join("$") },
    });
    expect((await gateway.login("hash.cu")).status).toBe(200);
    const stored = (await users.findOne({ _id: created.id } as never)) as { passwordHash?: string };
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=1024,t=2,p=1\$/);
    expect((await gateway.login("hash.cu")).status).toBe(200);
  });

  it("refuses bad login bodies with 400", async () => {
    for (const body of [
      {},
      { username: "a" },
      { username: { $ne: "" }, password: "x" },
      "text",
      [],
    ]) {
      const response = await gateway.call("POST", "/api/v1/auth/login", undefined, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });
});

import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayInstance } from "../fixtures.ts";

// User administration over HTTP: province administrators only, rules on assignments, Vietnamese
// name order, optimistic concurrency, and an audit line for every change.
const scope = testScope("gateway-admin");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
let admin: string;
let staff: string;

beforeAll(async () => {
  gateway = await gatewayInstance(scope);
  await gateway.user("quan.tri", [{ role: "province_admin", units: [], agencies: [] }]);
  await gateway.user("nhan.vien", [{ role: "province_staff", units: [], agencies: [] }]);
  admin = (await gateway.login("quan.tri")).body.accessToken;
  staff = (await gateway.login("nhan.vien")).body.accessToken;
});
afterAll(async () => {
  await gateway?.close();
});

const newUser = (username: string, displayName: string, extra: Record<string, unknown> = {}) => ({
  username,
  displayName,
  assignments: [
    { role: "commune_officer", units: ["00004"], validFrom: "2025-07-01T00:00:00+07:00" },
  ],
  ...extra,
});

describe("user administration", () => {
  it("is for province administrators: 401 without a token, 403 for other roles", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/admin/users"],
      ["POST", "/api/v1/admin/users"],
      ["GET", "/api/v1/admin/audit"],
    ] as const) {
      const body = method === "POST" ? {} : undefined;
      expect((await gateway.call(method, path, undefined, body)).status).toBe(401);
      expect((await gateway.call(method, path, staff, body)).status).toBe(403);
    }
  });

  it("creates a user with a generated password shown once, who can then log in", async () => {
    const created = await gateway.call("POST", "/api/v1/admin/users", admin, {
      ...newUser("le.van.an", "Lê Văn An"),
      grants: ["petitioner_contact"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: "le.van.an",
      status: "active",
      version: 1,
      assignments: [{ role: "commune_officer", validFrom: "2025-06-30T17:00:00.000Z" }],
    });
    expect(created.body).not.toHaveProperty("passwordHash");
    const password = created.body.generatedPassword as string;
    const login = await gateway.login("le.van.an", password);
    expect(login.body.user).toMatchObject({ units: ["00004"], grants: ["petitioner_contact"] });

    const read = await gateway.call("GET", `/api/v1/admin/users/${created.body.id}`, admin);
    expect(read.body).not.toHaveProperty("generatedPassword");
    expect(read.body).not.toHaveProperty("passwordHash");
  });

  it("refuses a taken username (409), unsound assignments and weak passwords (400)", async () => {
    await gateway.call("POST", "/api/v1/admin/users", admin, newUser("trung.ten", "A"));
    const taken = await gateway.call(
      "POST",
      "/api/v1/admin/users",
      admin,
      newUser("trung.ten", "B"),
    );
    expect(taken.status).toBe(409);
    // Well formed, but against the rules of assignments: 422. Malformed: 400.
    for (const [assignments, status] of [
      [[{ role: "commune_officer", units: [], validFrom: "2025-01-01T00:00:00Z" }], 422],
      [[{ role: "commune_officer", units: ["01"], validFrom: "2025-01-01T00:00:00Z" }], 422],
      [[{ role: "agency_officer", units: ["00004"], validFrom: "2025-01-01T00:00:00Z" }], 422],
      [[{ role: "province_staff", agencies: ["SO-TNMT"], validFrom: "2025-01-01T00:00:00Z" }], 422],
      [
        [
          {
            role: "viewer",
            validFrom: "2025-01-01T00:00:00Z",
            validTo: "2024-01-01T00:00:00Z",
          },
        ],
        422,
      ],
      // Year 10000 in UTC, and a day before 1900: no calendar covers them.
      [[{ role: "viewer", validFrom: "9999-12-31T23:59:59-12:00" }], 400],
      [[{ role: "viewer", validFrom: "1899-12-31T00:00:00Z" }], 400],
    ] as const) {
      const refused = await gateway.call("POST", "/api/v1/admin/users", admin, {
        ...newUser("sai.phan.cong", "C"),
        assignments,
      });
      expect(refused.status, JSON.stringify(assignments)).toBe(status);
    }
    const weak = await gateway.call("POST", "/api/v1/admin/users", admin, {
      ...newUser("yeu", "D"),
      password: "yeu12345678",
    });
    expect(weak.status).toBe(422);
    expect(await gateway.users.findByUsername("sai.phan.cong")).toBeNull();
  });

  it("lists users by name in Vietnamese order and finds them without diacritics", async () => {
    for (const [username, name] of [
      ["dang.thu", "Đặng Thu"],
      ["duong.ha", "Dương Hà"],
      ["an.binh", "Ân Bình"],
      ["bui.lan", "Bùi Lan"],
    ]) {
      await gateway.call(
        "POST",
        "/api/v1/admin/users",
        admin,
        newUser(username as string, name as string),
      );
    }
    const page = await gateway.call(
      "GET",
      "/api/v1/admin/users?unitCode=00004&pageSize=100",
      admin,
    );
    const names = (page.body.items as { displayName: string }[]).map((u) => u.displayName);
    const order = ["Ân Bình", "Bùi Lan", "Dương Hà", "Đặng Thu"];
    expect(names.filter((n) => order.includes(n))).toEqual(order);
    const found = await gateway.call("GET", "/api/v1/admin/users?q=duong%20ha", admin);
    expect((found.body.items as { username: string }[]).map((u) => u.username)).toEqual([
      "duong.ha",
    ]);
  });

  it("changes assignments and details under If-Match, and disabling ends the user's logins", async () => {
    const created = await gateway.call("POST", "/api/v1/admin/users", admin, {
      ...newUser("chuyen.xa", "Trần Văn Chuyển"),
      password: "Một mật khẩu tốt 2026",
    });
    const id = created.body.id as string;
    const login = await gateway.login("chuyen.xa", "Một mật khẩu tốt 2026");

    const moved = await fetch(`${gateway.base}/api/v1/admin/users/${id}/assignments`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${admin}`,
        "content-type": "application/json",
        "if-match": '"1"',
      },
      body: JSON.stringify({
        assignments: [
          { role: "commune_officer", units: ["00082"], validFrom: "2026-01-01T00:00:00Z" },
        ],
      }),
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.get("etag")).toBe('"2"');
    const stale = await fetch(`${gateway.base}/api/v1/admin/users/${id}`, {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${admin}`,
        "content-type": "application/json",
        "if-match": '"1"',
      },
      body: JSON.stringify({ displayName: "Trần Văn Chuyển (Cửa Nam)" }),
    });
    expect(stale.status).toBe(409);

    const disabled = await gateway.call("POST", `/api/v1/admin/users/${id}/disable`, admin, {});
    expect(disabled.body).toMatchObject({ status: "disabled", version: 3 });
    expect((await gateway.call("GET", "/api/v1/auth/me", login.body.accessToken)).status).toBe(401);
    expect((await gateway.login("chuyen.xa", "Một mật khẩu tốt 2026")).status).toBe(403);

    const audit = await gateway.call("GET", `/api/v1/admin/audit?target=${id}`, admin);
    expect((audit.body.items as { action: string }[]).map((e) => e.action)).toEqual([
      "user.disabled",
      "user.assignments-changed",
      "user.created",
    ]);
    expect((audit.body.items as { detail: unknown }[])[1]?.detail).toMatchObject({
      before: [{ units: ["00004"] }],
      after: [{ units: ["00082"] }],
    });
  });

  it("resets a password: a generated one shown once, and the old logins end", async () => {
    const created = await gateway.call(
      "POST",
      "/api/v1/admin/users",
      admin,
      newUser("quen.mk", "Quên"),
    );
    const id = created.body.id as string;
    const before = await gateway.login("quen.mk", created.body.generatedPassword as string);
    const reset = await gateway.call("POST", `/api/v1/admin/users/${id}/reset-password`, admin, {});
    expect(reset.status).toBe(200);
    expect((await gateway.call("GET", "/api/v1/auth/me", before.body.accessToken)).status).toBe(
      401,
    );
    expect((await gateway.login("quen.mk", reset.body.generatedPassword as string)).status).toBe(
      200,
    );
  });

  it("refuses an administrator disabling themselves, unknown users and hostile input", async () => {
    const self = (await gateway.call("GET", "/api/v1/auth/me", admin)).body.sub as string;
    expect(
      (await gateway.call("POST", `/api/v1/admin/users/${self}/disable`, admin, {})).status,
    ).toBe(409);
    const ghost = "0193a6f0-7c1e-7b21-9d3f-5a1e2b3c4d5e";
    expect((await gateway.call("GET", `/api/v1/admin/users/${ghost}`, admin)).status).toBe(404);
    expect((await gateway.call("GET", "/api/v1/admin/users/not-a-uuid", admin)).status).toBe(400);
    for (const body of [
      { ...newUser("x.y", "X"), role: "province_admin" },
      { ...newUser("x.y", "X"), username: { $gt: "" } },
      { ...newUser("X Y", "X") },
      { ...newUser("x.y", "X"), grants: ["everything"] },
      { ...newUser("x.y", "x".repeat(201)) },
    ]) {
      expect((await gateway.call("POST", "/api/v1/admin/users", admin, body)).status).toBe(400);
    }
    for (const query of ["sort=password", "status=gone", "q[$ne]=x", "pageSize=1000"]) {
      expect((await gateway.call("GET", `/api/v1/admin/users?${query}`, admin)).status).toBe(400);
    }
  });
});

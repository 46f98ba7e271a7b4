import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayInstance, PASSWORD } from "../fixtures.ts";

// Wrong logins make the next tries wait longer, counted per username, per address and per both,
// in the database; nobody can lock an account's owner out for long. The gateway trusts the
// loopback proxy here, so that the test speaks from several addresses; its clock is the test's.
const scope = testScope("gateway-login-delays");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
let clock = Date.now();

beforeAll(async () => {
  gateway = await gatewayInstance(
    scope,
    {
      TRUST_PROXY: "loopback",
      LOGIN_FREE_FAILURES: "3",
      LOGIN_USERNAME_MAX_DELAY_SECONDS: "60",
      LOGIN_ADDRESS_FREE_FAILURES: "8",
      LOGIN_ADDRESS_MAX_DELAY_SECONDS: "900",
    },
    { now: () => new Date(clock) },
  );
  for (const username of ["chu.tai.khoan", "nan.nhan", "mo.khoa"]) {
    await gateway.user(username, [{ role: "province_staff", units: [], agencies: [] }]);
  }
});
afterAll(async () => {
  await gateway?.close();
});

/** A login from `address`, as the trusted proxy in front passes it on. */
async function login(username: string, password: string, address: string) {
  const response = await fetch(`${gateway.base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ username, password }),
  });
  return {
    status: response.status,
    retryAfter: Number(response.headers.get("retry-after") ?? 0),
    body: (await response.json()) as { type?: string; detail?: string },
  };
}
const wait = (seconds: number) => {
  clock += seconds * 1000;
};

describe("wrong logins", () => {
  it("make the next try wait 1 s, 2 s, 4 s … after the free ones, even with the right password", async () => {
    const at = "198.51.100.1";
    for (let i = 0; i < 4; i++) {
      expect((await login("chu.tai.khoan", `sai ${i}`, at)).status).toBe(401);
    }
    const delayed = await login("chu.tai.khoan", PASSWORD, at);
    expect(delayed.status).toBe(429);
    expect(delayed.retryAfter).toBe(1);
    expect(delayed.body.type).toMatch(/login-delayed$/);
    expect(delayed.body.detail).toBe("Đăng nhập sai nhiều lần; hãy thử lại sau 1 giây");
    wait(1);
    expect((await login("chu.tai.khoan", "sai 5", at)).status).toBe(401);
    expect((await login("chu.tai.khoan", PASSWORD, at)).retryAfter).toBe(2);
    wait(2);
    // The right password: the username's count starts again.
    expect((await login("chu.tai.khoan", PASSWORD, at)).status).toBe(200);
    expect((await login("chu.tai.khoan", "sai 6", at)).status).toBe(401);
    expect((await login("chu.tai.khoan", PASSWORD, at)).status).toBe(200);
    const { total } = await gateway.audit.list({ action: "login.delayed", offset: 0, limit: 1 });
    expect(total).toBe(2);
  });

  it("keep a guesser waiting up to 15 minutes, the account's owner elsewhere at most a minute", async () => {
    const guesser = "203.0.113.66";
    const owner = "198.51.100.2";
    // The pair's rule: after 3 free failures, 1 s, 2 s, 4 s, … up to 900 s.
    const pairDelay = (failures: number) =>
      failures <= 3 ? 0 : Math.min(900, 2 ** (failures - 4));
    for (let failures = 0; failures < 14; failures++) {
      wait(pairDelay(failures));
      expect((await login("nan.nhan", `đoán ${failures}`, guesser)).status).toBe(401);
    }
    expect((await login("nan.nhan", "đoán nữa", guesser)).retryAfter).toBe(900);
    const ownerTry = await login("nan.nhan", PASSWORD, owner);
    expect(ownerTry.status).toBe(429);
    expect(ownerTry.retryAfter).toBe(60);
    wait(60);
    expect((await login("nan.nhan", PASSWORD, owner)).status).toBe(200);
    // The owner's login does not free the guesser.
    expect((await login("nan.nhan", "đoán nữa", guesser)).retryAfter).toBe(840);
  });

  it("slow down one address spraying many usernames, known or not, alike", async () => {
    const sprayer = "192.0.2.99";
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await login(`khong.co.${i}`, "Mat khau 2026", sprayer)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 429]);
    // A username that exists is delayed the same way: the answer tells nothing.
    const known = await login("mo.khoa", "Mat khau 2026", sprayer);
    const unknown = await login("khong.co.moi", "Mat khau 2026", sprayer);
    expect([known.status, known.body.type]).toEqual([unknown.status, unknown.body.type]);
    // Another address is not slowed.
    expect((await login("mo.khoa", PASSWORD, "192.0.2.100")).status).toBe(200);
  });

  it("are forgotten for a user an administrator lets try again", async () => {
    const at = "198.51.100.3";
    for (let i = 0; i < 6; i++) await login("mo.khoa", `sai ${i}`, at);
    expect((await login("mo.khoa", PASSWORD, at)).status).toBe(429);
    const user = await gateway.users.findByUsername("mo.khoa");
    await gateway.admin.unlock(user?.user.id as string, {
      userId: "admin",
      ip: "127.0.0.1",
      correlationId: "t",
    });
    expect((await login("mo.khoa", PASSWORD, at)).status).toBe(200);
  });
});

describe("client addresses", () => {
  it("come from X-Forwarded-For only through a configured proxy", async () => {
    const direct = await gatewayInstance(
      testScope("gateway-login-untrusted"),
      { LOGIN_ADDRESS_FREE_FAILURES: "3" },
      { now: () => new Date(clock) },
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        // A new forged address each time: all of them are this one client, 127.0.0.1.
        const answer = await fetch(`${direct.base}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `10.9.8.${i}` },
          body: JSON.stringify({ username: `ai.do.${i}`, password: "Mat khau 2026" }),
        });
        statuses.push(answer.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
    } finally {
      await direct.close();
    }
  });
});

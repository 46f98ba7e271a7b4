import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesProcess, freePort, gatewayInstance, until } from "../fixtures.ts";

// Commands and reads under /api/v1/dialogues/… reach the real dialogues process with the user's
// token, correlation id and trace; a service that is down or slow is a prompt 503/504.
const scope = testScope("gateway-routing");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
let dialogues: Awaited<ReturnType<typeof dialoguesProcess>>;
let officer: string;

beforeAll(async () => {
  const port = await freePort();
  gateway = await gatewayInstance(scope, { DIALOGUES_URL: `http://127.0.0.1:${port}` });
  dialogues = await dialoguesProcess(scope, { port, gateway: gateway.base });
  await gateway.user("ba.dinh", [{ role: "commune_officer", units: ["00004"], agencies: [] }]);
  officer = (await gateway.login("ba.dinh")).body.accessToken;
}, 60_000);
afterAll(async () => {
  dialogues?.kill();
  await dialogues?.stop();
  await gateway?.close();
});

const petition = {
  unitCode: "00004",
  source: "reception",
  petitioner: { anonymous: false, name: "Hoàng Văn Nam", phone: "0987 654 321" },
  content: "Đề nghị sửa đường ngõ 12",
};

describe("routing to the dialogues service", () => {
  it("forwards commands and reads with the user's token, and the service's answers as they are", async () => {
    const created = await fetch(`${gateway.base}/api/v1/dialogues/petitions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${officer}`,
        "content-type": "application/json",
        "x-correlation-id": "routing-test-1",
      },
      body: JSON.stringify(petition),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-correlation-id")).toBe("routing-test-1");
    const location = created.headers.get("location") as string;
    expect(location).toMatch(/^\/api\/v1\/dialogues\/petitions\/[0-9a-f-]{36}$/);

    const read = await fetch(`${gateway.base}${location}`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"1"');
    expect(await read.json()).toMatchObject({ content: petition.content, status: "received" });

    const stale = await fetch(`${gateway.base}${location}/acknowledge`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${officer}`,
        "content-type": "application/json",
        "if-match": '"7"',
      },
      body: "{}",
    });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("content-type")).toMatch(/problem\+json/);

    const list = await fetch(`${gateway.base}/api/v1/dialogues/petitions?q=ngo%2012`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(((await list.json()) as { total: number }).total).toBe(1);
  });

  it("passes the service's refusals through: 400 for bad input, 404 outside scope", async () => {
    const bad = await gateway.call("POST", "/api/v1/dialogues/petitions", officer, {
      ...petition,
      unitCode: 4,
    });
    expect(bad.status).toBe(400);
    // The problem names the path the caller used, not the service's own.
    expect(bad.body).toMatchObject({ instance: "/api/v1/dialogues/petitions" });
    await gateway.user("cua.nam", [{ role: "commune_officer", units: ["00082"], agencies: [] }]);
    const other = (await gateway.login("cua.nam")).body.accessToken;
    const created = await gateway.call("POST", "/api/v1/dialogues/petitions", officer, petition);
    const outside = await gateway.call(
      "GET",
      `/api/v1/dialogues/petitions/${created.body.id}`,
      other,
    );
    expect(outside.status).toBe(404);
    expect(outside.body).toMatchObject({
      instance: `/api/v1/dialogues/petitions/${created.body.id}`,
    });
  });

  it("forwards only the operations the service declares, never its internal endpoints", async () => {
    await gateway.user("xem", [{ role: "viewer", units: [], agencies: [] }]);
    const token = (await gateway.login("xem")).body.accessToken;
    for (const [method, path] of [
      ["GET", "/api/v1/dialogues/metrics"],
      ["GET", "/api/v1/dialogues/readyz"],
      ["GET", "/api/v1/dialogues/livez"],
      ["GET", "/api/v1/dialogues/petitions/not/a/route"],
      ["DELETE", "/api/v1/dialogues/petitions"],
    ] as const) {
      const answer = await gateway.call(method, path, token);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(answer.body)).not.toContain("process_cpu");
    }
    // Declared ones are, and the service's API description.
    expect((await gateway.call("GET", "/api/v1/dialogues/petitions", token)).status).toBe(200);
    expect((await gateway.call("GET", "/api/v1/dialogues/openapi.json", token)).status).toBe(200);
  });

  it("refuses ended logins and disabled users at the gateway at once, and at the service within seconds", async () => {
    expect((await gateway.call("GET", "/api/v1/dialogues/petitions")).status).toBe(401);
    const direct = (token: string) =>
      fetch(`${dialogues.url}/petitions`, { headers: { authorization: `Bearer ${token}` } });

    const login = await gateway.login("ba.dinh");
    const token = login.body.accessToken as string;
    expect((await direct(token)).status).toBe(200);
    await gateway.call("POST", "/api/v1/auth/logout", token);
    // The token is still signed and unexpired; the service learns of the logout from the
    // gateway's list of ended logins (JWT_ENDED_SESSIONS_POLL_MS, 2 s by default).
    expect((await gateway.call("GET", "/api/v1/dialogues/petitions", token)).status).toBe(401);
    // Within until's deadline (10 s): "within seconds".
    expect(
      (
        await until(
          () => direct(token),
          (answer) => answer.status === 401,
        )
      ).status,
    ).toBe(401);

    // A disabled user's logins all end: their token no longer writes, directly either.
    const user = await gateway.user("hai.ba.trung", [
      { role: "commune_officer", units: ["00004"], agencies: [] },
    ]);
    const theirs = (await gateway.login("hai.ba.trung")).body.accessToken as string;
    const write = () =>
      fetch(`${dialogues.url}/petitions`, {
        method: "POST",
        headers: { authorization: `Bearer ${theirs}`, "content-type": "application/json" },
        body: JSON.stringify(petition),
      });
    expect((await write()).status).toBe(201);
    await gateway.admin.setStatus(user.id, "disabled", undefined, {
      userId: "test-admin",
      ip: "127.0.0.1",
      correlationId: "test",
    });
    expect(
      (
        await until(
          () => direct(theirs),
          (answer) => answer.status === 401,
        )
      ).status,
    ).toBe(401);
    expect((await write()).status).toBe(401);
  });
});

describe("the API description", () => {
  it("covers the gateway's operations and the services' under their prefix, each one served", async () => {
    const document = (await gateway.call("GET", "/api/openapi.json")).body as unknown as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe("3.1.0");
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/v1/auth/login",
        "/api/v1/dashboard",
        "/api/v1/admin/users/{id}/assignments",
        "/api/v1/dialogues/petitions",
        "/api/v1/dialogues/petitions/{id}/timeline",
        "/api/v1/dialogues/sessions",
      ]),
    );
    // Every operation exists: refused without a token (401), or for an open one answered or
    // refused for its empty body — never unknown (404).
    const id = "0193a6f0-7c1e-7b21-9d3f-5a1e2b3c4d5e";
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        const url = `${gateway.base}${path.replace("{id}", id)}`;
        const response = await fetch(url, {
          method: method.toUpperCase(),
          headers: { "content-type": "application/json" },
          body: method === "get" ? null : "{}",
        });
        expect([200, 400, 401], `${method} ${path}`).toContain(response.status);
      }
    }
  });

  it("is browsable in an interactive viewer", async () => {
    const page = await fetch(`${gateway.base}/api/docs`);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    // Scripts of its own origin only, none inline: what its content security policy allows.
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    const html = await page.text();
    expect(html).not.toMatch(/<script>/);
    expect(html).toContain('<script src="/api/docs/viewer.js"></script>');
    const viewer = await fetch(`${gateway.base}/api/docs/viewer.js`);
    expect(await viewer.text()).toContain("/api/openapi.json");
    const script = await fetch(`${gateway.base}/api/docs/assets/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
  });
});

describe("a service that is down or slow", () => {
  it("sheds what is past its bound at once (503, Retry-After) instead of queueing it", async () => {
    // A service that describes one operation and never answers it.
    const stuck: Server = createServer((req, res) => {
      if (req.url === "/openapi.json") {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ paths: { "/petitions": { get: {} } } }));
      }
    });
    await new Promise<void>((resolve) => stuck.listen(0, "127.0.0.1", resolve));
    const bounded = await gatewayInstance(testScope("gateway-bounded"), {
      DIALOGUES_URL: `http://127.0.0.1:${(stuck.address() as AddressInfo).port}`,
      SERVICE_TIMEOUT_MS: "1000",
      SERVICE_MAX_IN_FLIGHT: "2",
    });
    try {
      await bounded.user("ba.dinh", [{ role: "commune_officer", units: ["00004"], agencies: [] }]);
      const token = (await bounded.login("ba.dinh")).body.accessToken;
      // The API description read first, so that every request below is forwarded or shed.
      expect((await bounded.call("GET", "/api/v1/dialogues/petitions", token)).status).toBe(504);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => bounded.call("GET", "/api/v1/dialogues/petitions", token)),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([503, 503, 503, 504, 504]);
      const shed = answers.find((a) => a.status === 503);
      expect(shed?.headers.get("retry-after")).toBe("1");
      expect(shed?.body.detail).toBe(
        "Dịch vụ dialogues tạm thời không phản hồi (đang quá tải); hãy thử lại sau",
      );
    } finally {
      stuck.closeAllConnections();
      await new Promise((resolve) => stuck.close(resolve));
      await bounded.close();
    }
  });

  it("is a 503 at once when nothing listens, and a 504 after the timeout when it hangs", async () => {
    const hanging: Server = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const closedPort = await freePort();
    const down = await gatewayInstance(testScope("gateway-down"), {
      DIALOGUES_URL: `http://127.0.0.1:${closedPort}`,
    });
    const slow = await gatewayInstance(testScope("gateway-slow"), {
      DIALOGUES_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
      SERVICE_TIMEOUT_MS: "300",
    });
    try {
      for (const g of [down, slow]) {
        await g.user("ba.dinh", [{ role: "commune_officer", units: ["00004"], agencies: [] }]);
      }
      const refused = await down.call(
        "GET",
        "/api/v1/dialogues/petitions",
        (await down.login("ba.dinh")).body.accessToken,
      );
      expect(refused.status).toBe(503);
      expect(refused.body.detail).toMatch(/dialogues/);
      const timedOut = await slow.call(
        "GET",
        "/api/v1/dialogues/petitions",
        (await slow.login("ba.dinh")).body.accessToken,
      );
      expect(timedOut.status).toBe(504);
      // The API description still comes, saying which service could not describe itself.
      const document = await down.call("GET", "/api/openapi.json");
      expect(document.body["x-unavailable"]).toEqual(["dialogues"]);
      expect(Object.keys(document.body.paths as object)).toContain("/api/v1/dashboard");
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
      await down.close();
      await slow.close();
    }
  });
});

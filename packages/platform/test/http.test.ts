import type { Server } from "node:http";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpApp, createMetricsApp, readiness } from "@danvan/platform/http";
import { openTestDatabase, type TestDatabase, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notesInstance } from "./fixtures/harness.ts";
import { noteRoutes } from "./fixtures/notes.ts";

// Hostile and malformed input against the real express app on the real database: every case is
// a clear 4xx problem, and nothing reaches the database (docs/architecture.md §9; issue test 5).
const scope = testScope("http");
let instance: Awaited<ReturnType<typeof notesInstance>>;
let raw: TestDatabase;
let server: Server;
let base: string;

beforeAll(async () => {
  instance = await notesInstance(scope, { relay: false });
  raw = await openTestDatabase(scope);
  const app = createHttpApp({
    logger: instance.logger,
    telemetry: instance.telemetry,
    bodyLimit: "10kb",
    readiness: [readiness.database(instance.database)],
    routes: noteRoutes(instance.repository, `${scope.topicPrefix}.notes.note.events`),
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
  await raw?.dispose();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });

const count = () => instance.notes.countDocuments();

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, type: `https://danvan.vn/problems/${code}` });
  expect(typeof problem.title).toBe("string");
  expect(JSON.stringify(problem)).not.toMatch(/at .*\.ts:\d+|node_modules|stack/);
  return problem;
}

describe("hostile input never reaches the database", () => {
  const valid = { id: "n-1", text: "Họp dân", unitCode: "00004" };

  it.each([
    ["malformed JSON", '{"id": ', 400, "malformed-json"],
    ["an unknown key", JSON.stringify({ ...valid, role: "admin" }), 400, "validation"],
    ["an operator as a value", JSON.stringify({ ...valid, id: { $gt: "" } }), 400, "forbidden-key"],
    [
      "an operator nested deep",
      JSON.stringify({ ...valid, text: [{ a: { $where: "1" } }] }),
      400,
      "forbidden-key",
    ],
    ["a dotted key", JSON.stringify({ ...valid, "a.b": 1 }), 400, "forbidden-key"],
    ["a wrong type", JSON.stringify({ ...valid, unitCode: 4 }), 400, "validation"],
    ["a missing field", JSON.stringify({ id: "n-1" }), 400, "validation"],
    ["a huge string", JSON.stringify({ ...valid, text: "x".repeat(9000) }), 400, "validation"],
    [
      "an oversized body",
      JSON.stringify({ ...valid, text: "x".repeat(20_000) }),
      413,
      "payload-too-large",
    ],
    ["a bare array", "[]", 400, "validation"],
    // A key that reaches the prototype: JSON.parse makes it an own key, assigning it would not.
    [
      "a __proto__ key",
      `{"__proto__": {"role": "admin"}, "id": "n-1", "text": "x", "unitCode": "00004"}`,
      400,
      "forbidden-key",
    ],
    [
      "a constructor key",
      JSON.stringify({ ...valid, constructor: { prototype: 1 } }),
      400,
      "forbidden-key",
    ],
    [
      "a NUL in text",
      JSON.stringify({ ...valid, text: "Họp\u0000dân" }),
      400,
      "forbidden-character",
    ],
    [
      "an escape sequence",
      JSON.stringify({ ...valid, text: "\u001b[31mHọp" }),
      400,
      "forbidden-character",
    ],
    [
      "a right-to-left override",
      JSON.stringify({ ...valid, text: "Họp \u202edân" }),
      400,
      "forbidden-character",
    ],
    [
      "a control character in a key",
      JSON.stringify({ ...valid, ["te\u0007xt"]: 1 }),
      400,
      "forbidden-character",
    ],
    // Strict JSON: only objects and arrays are bodies.
    ["null", "null", 400, "malformed-json"],
  ])("refuses %s", async (_, body, status, code) => {
    const before = await count();
    await expectProblem(await post("/notes", body), status, code);
    expect(await count()).toBe(before);
  });

  it("removes invisible characters, so text made of them alone is empty and refused", async () => {
    const zeroWidth = "\u200b\u200c\u200d\u2060\ufeff";
    const before = await count();
    await expectProblem(
      await post("/notes", JSON.stringify({ ...valid, id: "n-zw", text: zeroWidth })),
      400,
      "validation",
    );
    expect(await count()).toBe(before);
    const kept = await post(
      "/notes",
      JSON.stringify({ ...valid, id: "n-zw2", text: `Họp\u200b dân${zeroWidth}` }),
    );
    expect(kept.status).toBe(201);
    expect((await instance.repository.get("n-zw2"))?.state.text).toBe("Họp dân");
  });

  it("answers a method no route uses with 405 and the methods there are", async () => {
    // (Methods outside HTTP's registry never get here: Node's parser answers them 400.)
    for (const method of ["TRACE", "PROPFIND", "LOCK"]) {
      const response = await new Promise<{ status: number; allow: string; type: string }>(
        (resolve, reject) => {
          const req = request(`${base}/notes`, { method }, (res) => {
            res.resume();
            resolve({
              status: res.statusCode ?? 0,
              allow: String(res.headers.allow),
              type: String(res.headers["content-type"]),
            });
          });
          req.on("error", reject);
          req.end();
        },
      );
      expect(response.status, method).toBe(405);
      expect(response.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      expect(response.type).toMatch(/problem\+json/);
    }
  });

  it("refuses operators smuggled through the query string", async () => {
    for (const query of [
      "unitCode[$ne]=x",
      "unitCode=00004&limit[$gt]=1",
      "limit=1e9",
      "extra=1",
    ]) {
      const response = await fetch(`${base}/notes?${query}`);
      await expectProblem(response, 400, "validation");
    }
  });

  it("lists every field error, in Vietnamese by default and English on request", async () => {
    const bad = JSON.stringify({ id: "Bad Id", text: "", unitCode: "1" });
    const vi = await expectProblem(await post("/notes", bad), 400, "validation");
    const en = await expectProblem(
      await post("/notes", bad, { "accept-language": "en" }),
      400,
      "validation",
    );
    expect(vi.title).toBe("Dữ liệu không hợp lệ");
    expect(en.title).toBe("Invalid request");
    expect((vi.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      "body.id",
      "body.text",
      "body.unitCode",
    ]);
  });

  it("words each field error in Vietnamese, not in type names; in English on request", async () => {
    const bad = JSON.stringify({ id: 7, text: "", unitCode: "1", colour: "đỏ" });
    const vi = await expectProblem(await post("/notes", bad), 400, "validation");
    const messages = Object.fromEntries(
      (vi.errors as { path: string; message: string }[]).map((e) => [e.path, e.message]),
    );
    expect(messages).toEqual({
      body: "không có trường colour (trường không được phép)",
      "body.id": "phải là chuỗi ký tự, không phải số",
      "body.text": "phải có ít nhất 1 ký tự",
      "body.unitCode": "mã xã, phường, đặc khu gồm 5 chữ số",
    });
    const en = await expectProblem(
      await post("/notes", bad, { "accept-language": "en" }),
      400,
      "validation",
    );
    expect(
      (en.errors as { path: string; message: string }[]).map((e) => e.message),
      JSON.stringify(en.errors),
    ).toContain("a 5-digit commune code");
    const limit = await expectProblem(await fetch(`${base}/notes?limit=500`), 400, "validation");
    expect(limit.errors).toEqual([{ path: "query.limit", message: "không được lớn hơn 100" }]);
  });
});

describe("what every service's HTTP layer does", () => {
  it("normalises text to NFC before it is stored", async () => {
    const nfd = "Nguyễn Thị Thuỷ".normalize("NFD");
    const response = await post(
      "/notes",
      JSON.stringify({ id: "n-nfc", text: nfd, unitCode: "00004" }),
    );
    expect(response.status).toBe(201);
    const stored = await instance.repository.get("n-nfc");
    expect(stored?.state.text).toBe("Nguyễn Thị Thuỷ".normalize("NFC"));
    expect(stored?.state.text).not.toBe(nfd);
  });

  it("answers a stale write with 409 and the current version", async () => {
    await post("/notes", JSON.stringify({ id: "n-409", text: "v1", unitCode: "00004" }));
    const first = await fetch(`${base}/notes/n-409`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ expectedVersion: 1, text: "v2" }),
    });
    expect(first.status).toBe(200);
    const stale = await fetch(`${base}/notes/n-409`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ expectedVersion: 1, text: "v2 again" }),
    });
    const problem = await expectProblem(stale, 409, "conflict");
    expect(problem.currentVersion).toBe(2);
    expect((await instance.repository.get("n-409"))?.state.text).toBe("v2");
  });

  it("echoes a given correlation id and makes one up otherwise", async () => {
    const given = await fetch(`${base}/livez`, { headers: { "x-correlation-id": "abc-123" } });
    expect(given.headers.get("x-correlation-id")).toBe("abc-123");
    const made = await fetch(`${base}/livez`, {
      headers: { "x-correlation-id": "bad id with spaces" },
    });
    expect(made.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("continues the caller's trace and carries it to the events written", async () => {
    const caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const response = await post(
      "/notes",
      JSON.stringify({ id: "n-trace", text: "t", unitCode: "00004" }),
      {
        traceparent: caller,
      },
    );
    const ours = response.headers.get("traceparent") ?? "";
    expect(ours).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(ours).not.toBe(caller);
    const doc = await instance.notes.findOne({ _id: "n-trace" });
    // The CloudEvents attributes travel in the value (structured mode), the trace beside them.
    expect(doc?.outbox[0]?.headers).toMatchObject({
      traceparent: ours,
      "content-type": "application/cloudevents+json; charset=utf-8",
    });
    expect(JSON.parse(doc?.outbox[0]?.value ?? "{}").type).toBe("vn.danvan.notes.note.written.v1");
    const fresh = await fetch(`${base}/livez`, { headers: { traceparent: "garbage" } });
    expect(fresh.headers.get("traceparent")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it("serves liveness and readiness, and Prometheus metrics apart", async () => {
    expect(await (await fetch(`${base}/livez`)).json()).toEqual({ status: "alive" });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
      status: "ready",
      checks: { database: true },
    });
    // Metrics are served apart from the API (runService listens on METRICS_PORT for them).
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const metricsServer = createMetricsApp(instance.telemetry).listen(0, "127.0.0.1");
    await new Promise((resolve) => metricsServer.once("listening", resolve));
    const metricsPort = (metricsServer.address() as AddressInfo).port;
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    await new Promise((resolve) => metricsServer.close(resolve));
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/notes"/);
    expect(metrics).toMatch(/outbox_backlog_documents|dead_letters_total/);
  });

  it("answers readiness at once whatever a check waits on, running the checks once for many probes", async () => {
    let runs = 0;
    const app = createHttpApp({
      logger: instance.logger,
      telemetry: instance.telemetry,
      readiness: [
        { name: "quick", check: () => true },
        {
          // A check stuck behind user traffic: it never answers.
          name: "stuck",
          check: () => {
            runs++;
            return new Promise<boolean>(() => {});
          },
        },
      ],
    });
    const probed = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => probed.once("listening", resolve));
    const url = `http://127.0.0.1:${(probed.address() as AddressInfo).port}/readyz`;
    try {
      // The stuck check never answers: the probes are answered all the same, at its timeout.
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(url)));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(503));
      expect(await answers[0]?.json()).toEqual({
        status: "not ready",
        checks: { quick: true, stuck: false },
      });
      expect(runs).toBe(1);
    } finally {
      await new Promise((resolve) => probed.close(resolve));
    }
  });

  it("answers 503 with Retry-After when the database cannot be reached, never a 500", async () => {
    const app = createHttpApp({
      logger: instance.logger,
      telemetry: instance.telemetry,
      readiness: [],
      routes: (app) => {
        app.get("/unreachable", () => {
          // What the driver throws when no server answers within its selection timeout.
          throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:27017"), {
            name: "MongoServerSelectionError",
          });
        });
      },
    });
    const served = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => served.once("listening", resolve));
    try {
      const answer = await fetch(
        `http://127.0.0.1:${(served.address() as AddressInfo).port}/unreachable`,
      );
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("5");
      const problem = (await answer.json()) as { detail: string };
      expect(problem.detail).toBe("Cơ sở dữ liệu tạm thời không trả lời; hãy thử lại sau ít giây");
      expect(JSON.stringify(problem)).not.toContain("ECONNREFUSED");
    } finally {
      await new Promise((resolve) => served.close(resolve));
    }
  });

  it("puts security headers on every answer, problems and probes too", async () => {
    for (const path of ["/notes?unitCode=00004", "/nowhere", "/livez"]) {
      const headers = (await fetch(`${base}${path}`)).headers;
      expect(headers.get("content-security-policy"), path).toMatch(/default-src 'self'/);
      expect(headers.get("content-security-policy"), path).not.toMatch(/upgrade-insecure/);
      expect(headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(headers.get("x-frame-options"), path).toBe("SAMEORIGIN");
      expect(headers.get("strict-transport-security"), path).toMatch(/max-age=/);
      expect(headers.get("x-powered-by"), path).toBeNull();
    }
  });

  it("answers unknown routes with a 404 problem", async () => {
    await expectProblem(await fetch(`${base}/nowhere`), 404, "not-found");
  });
});

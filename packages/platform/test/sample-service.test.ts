import { mkdtemp, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@danvan/platform/config";
import { connectServiceRuntime } from "@danvan/platform/service";
import type { TestTopics, TokenIssuer } from "@danvan/testing";
import {
  createTestTopics,
  createTokenIssuer,
  EventSpy,
  jsonClient,
  spawnService,
  testScope,
} from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quietLogger } from "./fixtures/harness.ts";
import { assembleNoticeBoard, configSchema } from "./sample-service/assemble.ts";
import { noticePostedV1 } from "./sample-service/contract.ts";

// The smallest service built with the kit (docs/new-service.md) passes the kinds of tests the
// dialogues service does: HTTP in-process, its events on real Kafka, and its process started and
// stopped as operators do. (Its outbox through a broker outage: broker-outage.test.ts.)
const scope = testScope("sample-service");
let topics: TestTopics;
let tokens: TokenIssuer;
let service: Awaited<ReturnType<typeof assembleNoticeBoard>>;
let runtime: Parameters<typeof assembleNoticeBoard>[0];
let server: Server;
let base: string;
let spy: EventSpy;

const env = (issuer: string) => ({
  MONGO_URL: scope.mongoUrl,
  MONGO_DATABASE: scope.databaseName,
  KAFKA_BROKERS: scope.kafkaBrokers.join(","),
  TOPIC_PREFIX: scope.topicPrefix,
  JWT_ISSUER: issuer,
});

beforeAll(async () => {
  topics = await createTestTopics(scope, ["noticeboard.notice.events"]);
  tokens = await createTokenIssuer();
  const config = loadConfig(configSchema, {
    ...env(tokens.issuer),
    JWT_JWKS_URL: "http://127.0.0.1:9/never-fetched",
    OUTBOX_POLL_MS: "200",
  });
  runtime = await connectServiceRuntime({ name: "noticeboard", config, logger: quietLogger() });
  service = await assembleNoticeBoard(runtime, { verify: tokens.verify });
  await service.start();
  server = service.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
});

afterAll(async () => {
  await spy?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await service?.stop();
  await runtime?.close();
  await topics?.dispose();
});

const officer = (unit: string) =>
  tokens.sign({ sub: `officer-${unit}`, roles: ["commune_officer"], units: [unit] });
const call = (method: string, path: string, token?: string, body?: unknown) =>
  jsonClient(base)<Record<string, unknown> & { id: string }>(method, path, token, body);

describe("the notice board, built with the kit", () => {
  it("posts a notice: 201 with its location and version, and lists it", async () => {
    const posted = await call("POST", "/notices", await officer("00004"), {
      unitCode: "00004",
      title: "Lịch tiếp công dân tháng 12",
    });
    expect(posted.status).toBe(201);
    expect(posted.headers.get("etag")).toBe('"1"');
    expect(posted.headers.get("location")).toBe(`/notices/${posted.body.id}`);
    expect(posted.body).toMatchObject({ unitCode: "00004", title: "Lịch tiếp công dân tháng 12" });
    const listed = await call("GET", "/notices?unitCode=00004", await officer("00004"));
    expect(listed.body).toMatchObject({ total: 1, page: 1, items: [{ id: posted.body.id }] });
  });

  it("refuses what its policy and schemas refuse, as problem+json in Vietnamese", async () => {
    const body = { unitCode: "00004", title: "Thông báo" };
    expect((await call("POST", "/notices", undefined, body)).status).toBe(401);
    expect((await call("POST", "/notices", await officer("00082"), body)).status).toBe(403);
    const viewer = await tokens.sign({ roles: ["viewer"] });
    expect((await call("POST", "/notices", viewer, body)).status).toBe(403);
    expect((await call("GET", "/notices?unitCode=00004", await officer("00082"))).status).toBe(403);
    const invalid = await call("POST", "/notices", await officer("00004"), { ...body, x: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      title: "Dữ liệu không hợp lệ",
      errors: [{ path: "body" }],
    });
  });

  it("describes its operations in its OpenAPI document", async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; responses: object }>>;
    };
    expect(document.paths["/notices"]?.post?.operationId).toBe("postNotice");
    expect(Object.keys(document.paths["/notices"]?.post?.responses ?? {})).toEqual([
      "201",
      "400",
      "401",
      "403",
    ]);
    expect(document.paths["/notices"]?.get?.operationId).toBe("listNotices");
  });

  it("publishes its event on Kafka as the contract defines it", async () => {
    const posted = await call("POST", "/notices", await officer("00004"), {
      unitCode: "00004",
      title: "Họp dân khu phố 3",
    });
    const message = await spy.waitFor((m) => m.key === posted.body.id, { description: "posted" });
    const event = noticePostedV1.parse(message.value);
    expect(event).toMatchObject({
      subject: posted.body.id,
      unitcode: "00004",
      aggregateversion: 1,
    });
    expect(event.data).toEqual({
      change: { title: "Họp dân khu phố 3" },
      notice: {
        id: posted.body.id,
        unitCode: "00004",
        title: "Họp dân khu phố 3",
        postedAt: posted.body.postedAt,
      },
    });
  });

  it("runs as a process: ready, serving, and stopping on SIGTERM with exit code 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "noticeboard-"));
    await writeFile(join(dir, "jwks.json"), JSON.stringify(tokens.jwks));
    const run = spawnService(
      fileURLToPath(new URL("./sample-service/main.ts", import.meta.url)),
      {
        ...env(tokens.issuer),
        PORT: "0",
        METRICS_PORT: "0",
        JWT_JWKS_FILE: join(dir, "jwks.json"),
        // No gateway here to list ended logins: development mode, as on a developer's machine.
        DEVELOPMENT_MODE: "true",
      },
      /"metricsPort":(\d+),"port":(\d+),"msg":"noticeboard listening"/,
    );
    try {
      const [, metricsPort, port] = await run.started;
      const url = `http://127.0.0.1:${port}`;
      // Metrics apart from the API, on their own port.
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
      expect(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()).toMatch(
        /http_request_duration_seconds/,
      );
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({
        status: "ready",
        checks: { database: true, kafka: true, accepting: true },
      });
      const posted = await fetch(`${url}/notices`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${await officer("00004")}`,
        },
        body: JSON.stringify({ unitCode: "00004", title: "Thông báo từ tiến trình" }),
      });
      expect(posted.status).toBe(201);
      expect(await run.stop()).toBe(0);
    } finally {
      run.kill();
    }
  });
});

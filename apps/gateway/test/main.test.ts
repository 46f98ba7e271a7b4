import { fileURLToPath } from "node:url";
import { createTestTopics, spawnService, type TestTopics, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The gateway as operators run it: configured by its environment, it makes the first
// administrator on an empty database (the password printed once, never logged), serves logins
// and stops cleanly on SIGTERM.
const scope = testScope("gateway-main");
const entry = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const running: ReturnType<typeof spawnService>[] = [];
let topics: TestTopics;

beforeAll(async () => {
  topics = await createTestTopics(scope, [
    "dialogues.petition.events",
    "dialogues.session.events",
    "dialogues.reception-obligation.events",
    "gateway.dlt",
    "gateway.retry",
  ]);
});
afterAll(async () => {
  for (const run of running) run.kill();
  await topics?.dispose();
});

const env = {
  PORT: "0",
  METRICS_PORT: "0",
  MONGO_URL: scope.mongoUrl,
  MONGO_DATABASE: scope.databaseName,
  KAFKA_BROKERS: scope.kafkaBrokers.join(","),
  TOPIC_PREFIX: scope.topicPrefix,
  JWT_ISSUER: "https://gateway.test",
  PASSWORD_HASH_MEMORY_KIB: "1024",
  LOG_LEVEL: "info",
};
const start = () => {
  const run = spawnService(entry, env, /"port":(\d+),"msg":"gateway listening"/);
  running.push(run);
  return run;
};

describe("the gateway process", () => {
  it("refuses to start without its configuration, naming what is missing", async () => {
    const run = spawnService(entry, {});
    expect(await run.exited).not.toBe(0);
    expect(run.stderr).toMatch(/MONGO_URL/);
    expect(run.stderr).toMatch(/JWT_ISSUER/);
  });

  it("makes the first administrator once, serves logins and exits 0 on SIGTERM", async () => {
    const first = start();
    const base = `http://127.0.0.1:${(await first.started)[1]}`;
    const printed = /First administrator: admin {2}password: (\S+)/.exec(first.stderr);
    expect(printed).not.toBeNull();
    const password = printed?.[1] as string;
    expect(first.stdout).not.toContain(password);
    expect((await (await fetch(`${base}/readyz`)).json()) as unknown).toEqual({
      status: "ready",
      checks: { database: true, consumer: true, accepting: true },
    });
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password }),
    });
    expect(login.status).toBe(200);
    expect(
      ((await (await fetch(`${base}/.well-known/jwks.json`)).json()) as { keys: unknown[] }).keys,
    ).toHaveLength(1);
    // An open dashboard stream does not hold the shutdown up: it is ended before draining.
    const { accessToken } = (await login.json()) as { accessToken: string };
    const stream = await fetch(`${base}/api/v1/stream?access_token=${accessToken}`);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const streamEnded = stream.text();
    expect(await first.stop()).toBe(0);
    await streamEnded;

    // A second start finds the administrator and prints no password.
    const second = start();
    await second.started;
    expect(second.stderr).not.toContain("First administrator");
    expect(await second.stop()).toBe(0);
  });
});

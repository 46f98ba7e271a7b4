import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createTestTopics,
  createTokenIssuer,
  type ServiceProcess,
  spawnService,
  type TestTopics,
  testPersonalDataKeys,
  testScope,
} from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The composition root as operators run it: a process configured by its environment that
// becomes ready, serves the API and stops cleanly on SIGTERM.
const scope = testScope("dialogues-main");
const entry = fileURLToPath(new URL("../src/main.ts", import.meta.url));
let topics: TestTopics;
let service: ServiceProcess | undefined;
/** The gateway's list of ended logins, as it answers it: one login has ended. */
let endedSessions: Server;
const endedSid = crypto.randomUUID();

beforeAll(async () => {
  topics = await createTestTopics(scope, [
    "dialogues.petition.events",
    "dialogues.session.events",
    "dialogues.reception-obligation.events",
  ]);
  endedSessions = createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        asOf: new Date().toISOString(),
        sessions: [{ sid: endedSid, refuseUntil: new Date(Date.now() + 600_000).toISOString() }],
      }),
    );
  }).listen(0, "127.0.0.1");
  await new Promise((resolve) => endedSessions.once("listening", resolve));
});

afterAll(async () => {
  service?.kill();
  await topics?.dispose();
  endedSessions?.close();
});

describe("the dialogues process", () => {
  it("refuses to start without its configuration, naming what is missing", async () => {
    const run = spawnService(entry, {});
    expect(await run.exited).not.toBe(0);
    expect(run.stderr).toMatch(/KAFKA_BROKERS/);
    expect(run.stderr).toMatch(/MONGO_URL/);
    expect(run.stderr).toMatch(/JWT_ISSUER/);
  });

  it("refuses to start with a JWKS file that is not a key set, naming the variable", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "dialogues-jwks-")), "jwks.json");
    await writeFile(file, "not json");
    const run = spawnService(entry, {
      KAFKA_BROKERS: "127.0.0.1:1",
      MONGO_URL: "mongodb://127.0.0.1:1",
      PERSONAL_DATA_KEYS: testPersonalDataKeys(),
      JWT_ISSUER: "https://gateway.test",
      JWT_JWKS_FILE: file,
      JWT_ENDED_SESSIONS_URL: "http://127.0.0.1:9/never-fetched",
    });
    expect(await run.exited).not.toBe(0);
    // Refused before connecting anywhere: the unreachable broker and database are not the error.
    expect(run.stderr).toMatch(/JWT_JWKS_FILE: .*jwks\.json is not JSON/);
  });

  it("refuses to start with a JWKS file but no list of ended logins, outside development mode", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dialogues-jwks-"));
    await writeFile(join(dir, "jwks.json"), JSON.stringify((await createTokenIssuer()).jwks));
    const run = spawnService(entry, {
      KAFKA_BROKERS: "127.0.0.1:1",
      MONGO_URL: "mongodb://127.0.0.1:1",
      PERSONAL_DATA_KEYS: testPersonalDataKeys(),
      JWT_ISSUER: "https://gateway.test",
      JWT_JWKS_FILE: join(dir, "jwks.json"),
    });
    expect(await run.exited).not.toBe(0);
    expect(run.stderr).toMatch(/JWT_ENDED_SESSIONS_URL/);
    expect(run.stderr).toMatch(/DEVELOPMENT_MODE/);
  });

  it("starts, becomes ready, serves a petition and exits 0 on SIGTERM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dialogues-main-"));
    const tokens = await createTokenIssuer();
    await writeFile(join(dir, "jwks.json"), JSON.stringify(tokens.jwks));
    const run = spawnService(
      entry,
      {
        PORT: "0",
        METRICS_PORT: "0",
        KAFKA_BROKERS: scope.kafkaBrokers.join(","),
        MONGO_URL: scope.mongoUrl,
        MONGO_DATABASE: scope.databaseName,
        TOPIC_PREFIX: scope.topicPrefix,
        JWT_JWKS_FILE: join(dir, "jwks.json"),
        JWT_ENDED_SESSIONS_URL: `http://127.0.0.1:${(endedSessions.address() as AddressInfo).port}/ended`,
        PERSONAL_DATA_KEYS: testPersonalDataKeys(),
        JWT_ISSUER: tokens.issuer,
        LOG_LEVEL: "info",
      },
      /"port":(\d+),"msg":"dialogues listening"/,
    );
    service = run;
    const base = `http://127.0.0.1:${(await run.started)[1]}`;
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
      status: "ready",
      checks: { database: true, kafka: true, accepting: true },
    });
    const token = await tokens.sign({
      sub: "officer",
      roles: ["commune_officer"],
      units: ["00004"],
    });
    const created = await fetch(`${base}/petitions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        unitCode: "00004",
        source: "portal",
        petitioner: { anonymous: true },
        content: "Đèn đường hỏng",
      }),
    });
    expect(created.status).toBe(201);

    // Tokens of an ended login, and tokens naming no login, are refused outside development.
    const officer = { sub: "officer", roles: ["commune_officer" as const], units: ["00004"] };
    for (const refused of [
      await tokens.sign({ ...officer, sid: endedSid }),
      await tokens.sign(officer, { sessionless: true }),
    ]) {
      const answer = await fetch(`${base}/petitions?unitCode=00004`, {
        headers: { authorization: `Bearer ${refused}` },
      });
      expect(answer.status).toBe(401);
    }

    const code = await run.stop();
    // On failure, the shutdown's own log lines say which step did not finish.
    expect(
      code,
      run.stdout
        .split("\n")
        .filter((l) => /shut|step|error/i.test(l))
        .join("\n"),
    ).toBe(0);
  });
});

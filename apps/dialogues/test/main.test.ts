import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createTestTopics,
  createTokenIssuer,
  type ServiceProcess,
  spawnService,
  type TestTopics,
  testScope,
} from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The composition root as operators run it: a process configured by its environment that
// becomes ready, serves the API and stops cleanly on SIGTERM.
const scope = testScope("dialogues-main");
const entry = fileURLToPath(new URL("../src/main.ts", import.meta.url));
let topics: TestTopics;
let service: ServiceProcess | undefined;

beforeAll(async () => {
  topics = await createTestTopics(scope, [
    "dialogues.petition.events",
    "dialogues.session.events",
    "dialogues.reception-obligation.events",
  ]);
});

afterAll(async () => {
  service?.kill();
  await topics?.dispose();
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
      JWT_ISSUER: "https://gateway.test",
      JWT_JWKS_FILE: file,
    });
    expect(await run.exited).not.toBe(0);
    // Refused before connecting anywhere: the unreachable broker and database are not the error.
    expect(run.stderr).toMatch(/JWT_JWKS_FILE: .*jwks\.json is not JSON/);
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

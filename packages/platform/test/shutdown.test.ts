import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  EventSpy,
  openTestDatabase,
  type TestDatabase,
  type TestTopics,
  testScope,
} from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notesTopics } from "./fixtures/harness.ts";

// Issue test 6: SIGTERM while requests pour in. No accepted request is lost (each 201 is stored
// and its event reaches Kafka: the relay was flushed), and the process exits in time with 0.
const scope = testScope("shutdown");
let topics: TestTopics;
let db: TestDatabase;
let child: ChildProcess;

beforeAll(async () => {
  topics = await notesTopics(scope);
  db = await openTestDatabase(scope);
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await db?.dispose();
  await topics?.dispose();
});

function startService(): Promise<{
  port: number;
  exited: Promise<{ code: number | null; atMs: number }>;
}> {
  child = spawn(
    process.execPath,
    [fileURLToPath(new URL("./fixtures/notes-service.ts", import.meta.url))],
    {
      env: {
        ...process.env,
        PORT: "0",
        METRICS_PORT: "0",
        KAFKA_BROKERS: scope.kafkaBrokers.join(","),
        MONGO_URL: scope.mongoUrl,
        MONGO_DATABASE: scope.databaseName,
        TOPIC_PREFIX: scope.topicPrefix,
        LOG_LEVEL: "warn",
        SHUTDOWN_TIMEOUT_MS: "10000",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<{ code: number | null; atMs: number }>((resolve) => {
    child.on("exit", (code) => resolve({ code, atMs: performance.now() }));
  });
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /\{"listening":(\d+)\}/.exec(buffer);
      if (match) resolve({ port: Number(match[1]), exited });
    });
    child.on("exit", (code) => reject(new Error(`service exited early with ${code}`)));
  });
}

describe("graceful shutdown", () => {
  it("loses no accepted request, flushes the relay and exits in time", async () => {
    const { port, exited } = await startService();
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toEqual({
      status: "ready",
      checks: { database: true, kafka: true, accepting: true },
    });
    const accepted: string[] = [];
    const refused: string[] = [];
    const failed: number[] = [];
    let stop = false;
    let sequence = 0;

    const client = async (c: number) => {
      while (!stop) {
        const id = `c${c}-${sequence++}`;
        try {
          const response = await fetch(`http://127.0.0.1:${port}/notes`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ id, text: `note ${id}`, unitCode: "00004" }),
          });
          if (response.status === 201) accepted.push(id);
          else failed.push(response.status);
          await response.arrayBuffer();
        } catch {
          // Connection refused or reset: the request was never accepted.
          refused.push(id);
          if (child.exitCode !== null) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, c) => client(c));

    // Let load build up, then pull the plug in the middle of it.
    while (accepted.length < 150) await new Promise((resolve) => setTimeout(resolve, 10));
    const signalledAt = performance.now();
    child.kill("SIGTERM");
    const { code, atMs } = await exited;
    stop = true;
    await Promise.all(clients);

    expect(code).toBe(0);
    expect(atMs - signalledAt).toBeLessThan(10_000);
    expect(failed.filter((status) => status >= 500)).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(150);

    // Every accepted note is stored, with nothing left in its outbox…
    const stored = await db.connection
      .collection("notes")
      .find({ _id: { $in: accepted } } as never, { projection: { outbox: 1 } })
      .toArray();
    expect(stored).toHaveLength(accepted.length);
    expect(stored.filter((d) => (d.outbox as unknown[]).length > 0)).toEqual([]);

    // …and its event is on Kafka.
    const spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
    try {
      const events = await spy.waitForCount(() => true, accepted.length, {
        description: "an event per accepted note",
      });
      expect(new Set(events.map((m) => m.key))).toEqual(new Set(accepted));
    } finally {
      await spy.stop();
    }
  });
});

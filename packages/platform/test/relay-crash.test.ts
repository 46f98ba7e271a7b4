import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ConsumerRunner } from "@danvan/platform/messaging";
import { createConsumerRunner, createOutboxRelay } from "@danvan/platform/messaging";
import type { AggregateDocument, PendingEvent } from "@danvan/platform/mongo";
import { createAggregateRepository } from "@danvan/platform/mongo";
import {
  createTestTopics,
  EventSpy,
  eventually,
  type TestTopics,
  testScope,
} from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import type { NoteView } from "./fixtures/notes.ts";
import { noteRegistry, noteViewHandler, testEvents } from "./fixtures/notes.ts";

// Issue test 2: the relay process is killed between publishing and pulling. On restart it
// publishes the same events again, and a version-gated read model ends identical to the one
// built from a run without the crash.
const scope = testScope("relay-crash");
let cleanTopics: TestTopics;
const fixture = useNotesInstance(scope, { groups: ["crashed-view", "clean-view"], relay: false });
const runners: ConsumerRunner[] = [];

beforeAll(async () => {
  cleanTopics = await createTestTopics(scope, ["clean.note.events"]);
});

afterAll(async () => {
  for (const runner of runners) await runner.stop();
  await cleanTopics?.dispose();
});

function runRelayProcess(
  collection: string,
  crash: boolean,
): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL("./fixtures/relay-process.ts", import.meta.url))],
      {
        env: {
          ...process.env,
          MONGO_URL: scope.mongoUrl,
          DATABASE: scope.databaseName,
          COLLECTION: collection,
          KAFKA_BROKERS: scope.kafkaBrokers.join(","),
          ...(crash ? { CRASH_AFTER_PUBLISH: "1" } : {}),
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal, output }));
  });
}

describe("a relay killed between publishing and pulling", () => {
  it("republishes on restart, and the read model ends as without the crash", async () => {
    const crashedTopic = fixture.topics.name("notes.note.events");
    const cleanTopic = cleanTopics.name("clean.note.events");

    // The same history of 10 notes × 4 changes, written to two collections and two fixture.topics.
    const crashed = createAggregateRepository(
      fixture.instance.database.collection<AggregateDocument>("crashed"),
    );
    const clean = createAggregateRepository(
      fixture.instance.database.collection<AggregateDocument>("clean"),
    );
    for (let n = 0; n < 10; n++) {
      const id = `note-${n}`;
      const history = [
        testEvents.written(id, "v1"),
        ...[2, 3, 4].map((v) => testEvents.revised(id, v)),
      ];
      const on = (topic: string, i: number): PendingEvent[] => [
        { topic, envelope: history[i] as PendingEvent["envelope"] },
      ];
      for (const [repository, topic] of [
        [crashed, crashedTopic],
        [clean, cleanTopic],
      ] as const) {
        await repository.create(id, { text: "v1", unitCode: "00004" }, on(topic, 0));
        for (let i = 1; i < history.length; i++)
          await repository.update(id, i, { text: `v${i + 1}` }, on(topic, i));
      }
    }

    const spy = await EventSpy.start(scope.kafkaBrokers, [crashedTopic]);
    try {
      const died = await runRelayProcess("crashed", true);
      expect(died.signal).toBe("SIGKILL");
      const publishedBeforeDeath = (
        JSON.parse(died.output.split("\n")[0] as string) as { published: string[] }
      ).published;
      expect(publishedBeforeDeath).toHaveLength(40);
      await spy.waitForCount((m) => m.topic === crashedTopic, 40, {
        description: "the batch published before the crash",
      });
      // Published, but still in the outboxes: the relay died before pulling.
      expect(
        await fixture.instance.database
          .collection<AggregateDocument>("crashed")
          .countDocuments({ "outbox.0": { $exists: true } }),
      ).toBe(10);

      const restarted = await runRelayProcess("crashed", false);
      expect(restarted).toMatchObject({ code: 0, signal: null });
      // It waited for the dead relay's lease to expire, then published everything again.
      expect(JSON.parse(restarted.output.trim())).toEqual({ flushed: true, published: 40 });
      expect(
        await fixture.instance.database
          .collection<AggregateDocument>("crashed")
          .countDocuments({ outboxPendingSince: { $exists: true } }),
      ).toBe(0);
      // Every event is on the topic twice now: at least once is what the outbox promises.
      await spy.waitForCount((m) => m.topic === crashedTopic, 80, {
        description: "the republished batch",
      });
      const ids = spy.received.map((m) => (m.value as { id: string }).id);
      expect(new Set(ids).size).toBe(40);
    } finally {
      await spy.stop();
    }

    const cleanRelay = createOutboxRelay({
      collections: [fixture.instance.database.collection<AggregateDocument>("clean")],
      leases: fixture.instance.database.collection("clean-leases"),
      producer: fixture.instance.producer,
      logger: fixture.instance.logger,
    });
    expect(await cleanRelay.runOnce()).toBe(40);
    await cleanRelay.stop();

    // Two read models, one per history, built by version-gated consumers.
    for (const [group, topic, view] of [
      ["crashed-view", crashedTopic, "crashed_view"],
      ["clean-view", cleanTopic, "clean_view"],
    ] as const) {
      const runner = createConsumerRunner({
        kafka: fixture.instance.kafka,
        group: `${scope.topicPrefix}.${group}`,
        topics: [topic],
        registry: noteRegistry,
        handle: noteViewHandler(fixture.instance.database.collection<NoteView>(view)),
        producer: fixture.instance.producer,
        logger: fixture.instance.logger,
        sessionTimeoutMs: 10_000,
      });
      runners.push(runner);
      await runner.start();
    }
    const views = (name: string) =>
      fixture.instance.database.collection<NoteView>(name).find().sort({ _id: 1 }).toArray();
    await eventually(
      async () => (await views("crashed_view")).filter((v) => v.version === 4).length === 10,
      "the crashed run's view",
      { timeoutMs: 60_000 },
    );
    await eventually(
      async () => (await views("clean_view")).filter((v) => v.version === 4).length === 10,
      "the clean run's view",
      { timeoutMs: 60_000 },
    );

    expect(await views("crashed_view")).toEqual(await views("clean_view"));
    expect((await views("crashed_view"))[0]).toMatchObject({
      _id: "note-0",
      version: 4,
      text: "v4",
    });
  });
});

import { toKafkaRecord } from "@danvan/contracts";
import type { BatchHandler, ConsumerRunner } from "@danvan/platform/messaging";
import { createConsumerRunner, listDeadLetters, PermanentError } from "@danvan/platform/messaging";
import { eventually, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import { noteRegistry, testEvents } from "./fixtures/notes.ts";

// A group may take consecutive events of a partition together (`handleBatch`): batches are at
// most maxBatchSize, retried whole after a transient error, split to find the one event that can
// never succeed, and committed, so a restarted group starts after them.
const scope = testScope("consumer-batches");
const group = `${scope.topicPrefix}.batched`;
const fixture = useNotesInstance(scope, { groups: ["batched"], partitions: 1, relay: false });
const runners: ConsumerRunner[] = [];

/** Every call: the subjects handed over, the attempt, and whether it succeeded. */
const calls: { subjects: string[]; attempt: number; ok: boolean }[] = [];
let transientLeft = 1;

const handleBatch: BatchHandler = async (events, { attempt }) => {
  const subjects = events.map((e) => e.envelope.subject);
  if (transientLeft > 0) {
    transientLeft--;
    calls.push({ subjects, attempt, ok: false });
    throw new Error("database unavailable (simulated)");
  }
  const poisoned = events.some((e) => (e.envelope.data as { text: string }).text === "poison");
  calls.push({ subjects, attempt, ok: !poisoned });
  if (poisoned) throw new PermanentError("notes may not contain poison");
};

function startRunner() {
  const runner = createConsumerRunner({
    kafka: fixture.instance.kafka,
    group,
    topics: [fixture.topics.name("notes.note.events")],
    registry: noteRegistry,
    handleBatch,
    maxBatchSize: 6,
    producer: fixture.instance.producer,
    logger: fixture.instance.logger,
    retry: { initialDelayMs: 50 },
    sessionTimeoutMs: 10_000,
  });
  runners.push(runner);
  return runner.start();
}

async function publish(ids: string[]) {
  const topic = fixture.topics.name("notes.note.events");
  await fixture.instance.producer.publish(
    ids.map((id) => {
      if (id === "unreadable") return { topic, key: id, value: "{not json", headers: {} };
      const event = testEvents.written(id, id === "n-09" ? "poison" : `text of ${id}`);
      return { topic, ...toKafkaRecord(event) };
    }),
  );
}

const handled = () => calls.filter((c) => c.ok).flatMap((c) => c.subjects);

beforeAll(async () => {
  // One partition, filled before the group starts: the first fetch brings them all.
  const ids = Array.from({ length: 20 }, (_, i) => `n-${String(i).padStart(2, "0")}`);
  await publish([...ids.slice(0, 12), "unreadable", ...ids.slice(12)]);
  await startRunner();
});

afterAll(async () => {
  for (const runner of runners) await runner.stop();
});

describe("a consumer group handling batches", () => {
  it("hands over batches, retries them whole, and dead-letters only the event that fails for good", async () => {
    await eventually(() => handled().length === 19, "19 events handled");
    const good = Array.from({ length: 20 }, (_, i) => `n-${String(i).padStart(2, "0")}`).filter(
      (id) => id !== "n-09",
    );
    expect(handled()).toEqual(good);
    expect(Math.max(...calls.map((c) => c.subjects.length))).toBe(6);
    // The first batch failed once and succeeded on the second attempt, as it was.
    expect(calls[0]).toEqual({ subjects: calls[1]?.subjects, attempt: 1, ok: false });
    expect(calls[1]).toMatchObject({ attempt: 2, ok: true });
    // The poisoned batch is split: each of its events alone, the poison one dead-lettered.
    const poisoned = calls.find((c) => c.subjects.includes("n-09") && c.subjects.length > 1);
    expect(poisoned?.ok).toBe(false);
    for (const subject of poisoned?.subjects ?? []) {
      expect(
        calls.filter((c) => c.subjects.length === 1 && c.subjects[0] === subject),
      ).toHaveLength(1);
    }
    await eventually(
      async () => (await listDeadLetters(fixture.instance.kafka, group)).length === 2,
      "two dead letters",
    );
    const letters = await listDeadLetters(fixture.instance.kafka, group);
    expect(letters.map((l) => l.key).sort()).toEqual(["n-09", "unreadable"]);
    expect(letters.find((l) => l.key === "n-09")?.error).toMatch(/PermanentError: .*poison/);
  });

  it("commits what it handled: the group, restarted, goes on after it", async () => {
    const before = calls.length;
    await (runners.at(-1) as ConsumerRunner).stop();
    await startRunner();
    await publish(["after-restart"]);
    await eventually(() => handled().includes("after-restart"), "the new event");
    expect(calls.slice(before).flatMap((c) => c.subjects)).toEqual(["after-restart"]);
  });
});

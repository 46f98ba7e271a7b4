import { toKafkaRecord } from "@danvan/contracts";
import type { BatchHandler, ConsumerRunner } from "@danvan/platform/messaging";
import { createConsumerRunner } from "@danvan/platform/messaging";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import { noteRegistry, testEvents } from "./fixtures/notes.ts";

// `partitionsConcurrently`: batches of different partitions are handled at the same time, while
// each partition's events still come in order and each once.
const scope = testScope("consumer-concurrency");
const fixture = useNotesInstance(scope, {
  groups: ["concurrent", "sequential"],
  partitions: 3,
  relay: false,
});
const runners: ConsumerRunner[] = [];
const KEYS = 12;
const PER_KEY = 5;

beforeAll(async () => {
  // Every key's events in order (1, 2, …), filled before the groups start.
  const topic = fixture.topics.name("notes.note.events");
  await fixture.instance.producer.publish(
    Array.from({ length: KEYS * PER_KEY }, (_, i) => {
      const key = `k-${i % KEYS}`;
      const event = testEvents.written(key, String(Math.floor(i / KEYS) + 1));
      return { topic, ...toKafkaRecord(event) };
    }),
  );
});

afterAll(async () => {
  for (const runner of runners) await runner.stop();
});

/** Runs a group over the topic and reports what its handler saw. */
async function consume(group: string, partitionsConcurrently?: number) {
  const seen = new Map<string, number[]>();
  let running = 0;
  let mostAtOnce = 0;
  let handled = 0;
  const handleBatch: BatchHandler = async (events) => {
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    // Long enough for another partition's batch to start meanwhile, when it may.
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (const { envelope } of events) {
      const list = seen.get(envelope.subject) ?? [];
      list.push(Number((envelope.data as { text: string }).text));
      seen.set(envelope.subject, list);
    }
    handled += events.length;
    running--;
  };
  const runner = createConsumerRunner({
    kafka: fixture.instance.kafka,
    group: `${scope.topicPrefix}.${group}`,
    topics: [fixture.topics.name("notes.note.events")],
    registry: noteRegistry,
    handleBatch,
    maxBatchSize: 4,
    ...(partitionsConcurrently ? { partitionsConcurrently } : {}),
    producer: fixture.instance.producer,
    logger: fixture.instance.logger,
    sessionTimeoutMs: 10_000,
  });
  runners.push(runner);
  await runner.start();
  const deadline = Date.now() + 30_000;
  while (handled < KEYS * PER_KEY && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await runner.stop();
  return { seen, mostAtOnce, handled };
}

describe("a consumer group handling partitions concurrently", () => {
  it("handles several partitions' batches at once, each partition in order and each event once", async () => {
    const { seen, mostAtOnce, handled } = await consume("concurrent", 3);
    expect(handled).toBe(KEYS * PER_KEY);
    expect(mostAtOnce).toBeGreaterThan(1);
    const inOrder = Array.from({ length: PER_KEY }, (_, i) => i + 1);
    for (let k = 0; k < KEYS; k++) expect(seen.get(`k-${k}`)).toEqual(inOrder);
  });

  it("handles one batch at a time by default", async () => {
    const { mostAtOnce, handled } = await consume("sequential");
    expect(handled).toBe(KEYS * PER_KEY);
    expect(mostAtOnce).toBe(1);
  });
});

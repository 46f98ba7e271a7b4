import type { ConsumerRunner } from "@danvan/platform/messaging";
import { createConsumerRunner } from "@danvan/platform/messaging";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import { noteRegistry, testEvents } from "./fixtures/notes.ts";

// A batch that takes longer than the session timeout (slow handlers, a big backlog) keeps the
// group's membership: heartbeats go out between messages, and the offsets are committed.
const scope = testScope("consumer-heartbeat");
const group = `${scope.topicPrefix}.slow`;
const fixture = useNotesInstance(scope, { groups: ["slow"], partitions: 1, relay: false });
let runner: ConsumerRunner;
const handled: string[] = [];

beforeAll(async () => {
  // Twelve messages published before the group starts: they arrive as one batch.
  for (let i = 0; i < 12; i++) {
    await fixture.instance.repository.create(`slow-${i}`, { text: "x", unitCode: "00004" }, [
      {
        topic: fixture.topics.name("notes.note.events"),
        envelope: testEvents.written(`slow-${i}`, "x"),
      },
    ]);
  }
  await fixture.instance.relay.flush(10_000);
  runner = createConsumerRunner({
    kafka: fixture.instance.kafka,
    group,
    topics: [fixture.topics.name("notes.note.events")],
    registry: noteRegistry,
    handle: async ({ envelope }) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      handled.push(envelope.subject);
    },
    producer: fixture.instance.producer,
    logger: fixture.instance.logger,
    sessionTimeoutMs: 6_000,
  });
  await runner.start();
}, 60_000);

afterAll(async () => {
  await runner?.stop();
});

describe("a batch longer than the session", () => {
  it("is handled once, in order, without the group losing the member", {
    timeout: 60_000,
  }, async () => {
    for (let i = 0; i < 300 && handled.length < 12; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // 12 × 0.8 s ≈ 10 s, beyond the 6 s session: without heartbeats the member would be gone and
    // the batch handled again after a rejoin.
    expect(handled).toEqual(Array.from({ length: 12 }, (_, i) => `slow-${i}`));
    expect(runner.isReady()).toBe(true);
  });
});

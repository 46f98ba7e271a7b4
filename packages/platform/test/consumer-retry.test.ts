import type { ConsumerRunner, LeaseDocument } from "@danvan/platform/messaging";
import { createConsumerRunner, createOutboxRelay } from "@danvan/platform/messaging";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import { noteRegistry, testEvents } from "./fixtures/notes.ts";

// A handler's transient failure is retried while the partition waits, so nothing overtakes it;
// and of two relays over one database only the lease holder publishes.
const scope = testScope("consumer-retry");
const group = `${scope.topicPrefix}.flaky`;
const fixture = useNotesInstance(scope, { groups: ["flaky"], partitions: 1, relay: false });
let runner: ConsumerRunner;
const handled: { subject: string; attempt: number }[] = [];
let failuresLeft = 2;

beforeAll(async () => {
  runner = createConsumerRunner({
    kafka: fixture.instance.kafka,
    group,
    topics: [fixture.topics.name("notes.note.events")],
    registry: noteRegistry,
    handle: async ({ envelope }, { attempt }) => {
      if (envelope.subject === "flaky" && failuresLeft > 0) {
        failuresLeft--;
        throw new Error("database unavailable (simulated)");
      }
      handled.push({ subject: envelope.subject, attempt });
    },
    producer: fixture.instance.producer,
    logger: fixture.instance.logger,
    retry: { initialDelayMs: 50 },
    sessionTimeoutMs: 10_000,
  });
  await runner.start();
});

afterAll(async () => {
  await runner?.stop();
});

const write = (id: string) =>
  fixture.instance.repository.create(id, { text: id, unitCode: "00004" }, [
    {
      topic: fixture.topics.name("notes.note.events"),
      envelope: testEvents.written(id, id),
    },
  ]);

describe("transient failures and the relay lease", () => {
  it("retries a failing message in place until it succeeds; nothing overtakes it", async () => {
    for (const id of ["first", "flaky", "last"]) await write(id);

    // Two relays over the same outboxes: each cycle, only the lease holder publishes.
    const relays = ["a", "b"].map((holder) =>
      createOutboxRelay({
        collections: [fixture.instance.notes],
        leases: fixture.instance.database.collection<LeaseDocument>("leases"),
        producer: fixture.instance.producer,
        logger: fixture.instance.logger,
        holder,
      }),
    );
    const [a, b] = relays as [
      ReturnType<typeof createOutboxRelay>,
      ReturnType<typeof createOutboxRelay>,
    ];
    expect(await a.runOnce()).toBe(3);
    expect(a.isLeader()).toBe(true);
    await write("after-a");
    expect(await b.runOnce()).toBe(0);
    expect(b.isLeader()).toBe(false);
    // The holder hands over on stop; the other takes the lease at once.
    await a.stop();
    expect(await b.runOnce()).toBe(1);
    expect(b.isLeader()).toBe(true);
    await b.stop();

    const deadline = Date.now() + 30_000;
    while (handled.length < 4) {
      if (Date.now() > deadline) throw new Error(`handled only ${JSON.stringify(handled)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(handled).toEqual([
      { subject: "first", attempt: 1 },
      { subject: "flaky", attempt: 3 },
      { subject: "last", attempt: 1 },
      { subject: "after-a", attempt: 1 },
    ]);
    expect(failuresLeft).toBe(0);
  });
});

import { retryTopic } from "@danvan/contracts";
import type { ConsumerRunner } from "@danvan/platform/messaging";
import {
  createConsumerRunner,
  listDeadLetters,
  redriveDeadLetters,
} from "@danvan/platform/messaging";
import { eventually, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import { noteRegistry, noteViewHandler, testEvents } from "./fixtures/notes.ts";

// Issue test 4: a poison message lands in the dead-letter topic with its error, the consumer keeps
// consuming the messages behind it, and redrive after a fix processes it exactly once.
const scope = testScope("dead-letters");
const group = `${scope.topicPrefix}.notes-view`;
const fixture = useNotesInstance(scope, { groups: ["notes-view"], partitions: 1 });
let runner: ConsumerRunner;
let poisonRefused = true;
const applied: string[] = [];

beforeAll(async () => {
  // One partition: every message queues behind the poison one, as one aggregate's events would.
  runner = createConsumerRunner({
    kafka: fixture.instance.kafka,
    group,
    topics: [fixture.topics.name("notes.note.events")],
    registry: noteRegistry,
    handle: noteViewHandler(fixture.instance.views, {
      onApplied: (id) => applied.push(id),
      refusesPoison: () => poisonRefused,
    }),
    producer: fixture.instance.producer,
    logger: fixture.instance.logger,
    telemetry: fixture.instance.telemetry,
    sessionTimeoutMs: 10_000,
  });
  await runner.start();
});

afterAll(async () => {
  await runner?.stop();
});

const write = async (id: string, text: string) => {
  const event = testEvents.written(id, text);
  await fixture.instance.repository.create(id, { text, unitCode: "00004" }, [
    { topic: fixture.topics.name("notes.note.events"), envelope: event },
  ]);
  return event.id;
};

describe("dead letters", () => {
  let poisonId: string;

  it("sets a poison message aside and goes on with the ones behind it", async () => {
    expect(runner.isReady()).toBe(true);
    await write("a-1", "first");
    poisonId = await write("a-2", "this is poison");
    await write("a-3", "third");
    // A bug meeting an event it did not expect is set aside at once too, not retried for good.
    const unexpectedId = await write("a-8", "something unexpected");
    await fixture.instance.producer.publish([
      {
        topic: fixture.topics.name("notes.note.events"),
        key: "a-4",
        value: "{not json",
        headers: {},
      },
    ]);
    // A type this group never handles is passed over; a newer version of one it handles is not.
    const base = testEvents.written("a-6", "x");
    await fixture.instance.producer.publish([
      {
        topic: fixture.topics.name("notes.note.events"),
        key: "a-6",
        value: JSON.stringify({ ...base, type: "vn.danvan.notes.note.archived.v1" }),
        headers: {},
      },
      {
        topic: fixture.topics.name("notes.note.events"),
        key: "a-7",
        value: JSON.stringify({ ...base, subject: "a-7", type: "vn.danvan.notes.note.written.v2" }),
        headers: { ce_id: "v2-event" },
      },
    ]);
    await write("a-5", "fifth");

    await eventually(
      async () =>
        (await fixture.instance.views.countDocuments({ _id: { $in: ["a-1", "a-3", "a-5"] } })) === 3
          ? true
          : undefined,
      "the good notes",
    );
    const letters = await eventually(async () => {
      const found = await listDeadLetters(fixture.instance.kafka, group);
      return found.length === 4 ? found : undefined;
    }, "four dead letters");
    expect(letters.find((l) => l.eventId === unexpectedId)?.error).toMatch(
      /TypeError: Cannot read properties of undefined \(reading 'kind'\)/,
    );

    const poison = letters.find((l) => l.eventId === poisonId);
    expect(poison).toMatchObject({
      key: "a-2",
      type: "vn.danvan.notes.note.written.v1",
      original: { topic: fixture.topics.name("notes.note.events") },
    });
    expect(poison?.error).toMatch(/PermanentError: notes may not contain poison/);
    expect(poison?.original.offset).toMatch(/^\d+$/);
    const unreadable = letters.find((l) => l.key === "a-4");
    expect(unreadable?.error).toMatch(/InvalidEventError: not JSON/);
    expect(letters.find((l) => l.key === "a-7")?.error).toMatch(
      /UnknownEventTypeError: unknown event type vn.danvan.notes.note.written.v2/,
    );
    expect(letters.some((l) => l.key === "a-6")).toBe(false);
    expect(await fixture.instance.views.findOne({ _id: "a-2" })).toBeNull();
  });

  it("processes a redriven letter once, after the fix, and never twice", async () => {
    poisonRefused = false;

    const redriven = await redriveDeadLetters(
      fixture.instance.kafka,
      fixture.instance.producer,
      group,
      (l) => l.eventId === poisonId,
    );
    expect(redriven).toHaveLength(1);
    const view = await eventually(
      async () => (await fixture.instance.views.findOne({ _id: "a-2" })) ?? undefined,
      "the redriven note",
    );
    expect(view).toMatchObject({ version: 1, text: "this is poison", lastEventId: poisonId });

    // Redriving again delivers the event again; the version-gated read model ignores it.
    await redriveDeadLetters(
      fixture.instance.kafka,
      fixture.instance.producer,
      group,
      (l) => l.eventId === poisonId,
    );
    const admin = fixture.instance.kafka.admin();
    await admin.connect();
    const end = await admin.fetchTopicOffsets(retryTopic(group));
    await admin.disconnect();
    expect(end.reduce((sum, p) => sum + Number(p.high), 0)).toBe(2);
    await eventually(async () => {
      const committed = await fixture.instance.kafka.admin();
      await committed.connect();
      const offsets = await committed.fetchOffsets({ groupId: group, topics: [retryTopic(group)] });
      await committed.disconnect();
      return offsets[0]?.partitions.every((p) => p.offset === "2") ? true : undefined;
    }, "the second redrive consumed");
    expect(applied.filter((id) => id === poisonId)).toHaveLength(1);
  });
});

import { ConcurrencyConflictError } from "@danvan/platform/mongo";
import { EventSpy, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import { noteRevised, testEvents } from "./fixtures/notes.ts";

// Issue test 1: 50 concurrent writers on 20 aggregates. Every event reaches Kafka exactly once
// (by id) and in aggregate-version order per key; conflicting writes are detected, not lost.
const scope = testScope("relay-concurrency");
const AGGREGATES = 20;
const WRITERS = 50;
const WRITES_PER_WRITER = 8;

const fixture = useNotesInstance(scope);
let spy: EventSpy;

beforeAll(async () => {
  spy = await EventSpy.start(scope.kafkaBrokers, fixture.topics.all);
});

afterAll(async () => {
  await spy?.stop();
});

describe("the outbox relay under concurrent writers", () => {
  it("publishes every event exactly once, in version order per aggregate", {
    timeout: 180_000,
  }, async () => {
    const topic = fixture.topics.name("notes.note.events");
    const ids = Array.from({ length: AGGREGATES }, (_, i) => `note-${i}`);
    const expected = new Set<string>();
    for (const id of ids) {
      const event = testEvents.written(id, "v1");
      await fixture.instance.repository.create(id, { text: "v1", unitCode: "00004" }, [
        { topic, envelope: event },
      ]);
      expected.add(event.id);
    }

    let conflicts = 0;
    const writer = async (w: number) => {
      for (let n = 0; n < WRITES_PER_WRITER; n++) {
        const id = ids[(w * 7 + n * 3) % AGGREGATES] as string;
        for (;;) {
          const current = await fixture.instance.repository.get(id);
          if (!current) throw new Error(`${id} vanished`);
          const event = noteRevised.create({
            subject: id,
            unitcode: "00004",
            aggregateversion: current.version + 1,
            correlationid: `w${w}`,
            causationid: `w${w}`,
            data: { text: `writer ${w} write ${n}`, unitCode: "00004" },
          });
          try {
            await fixture.instance.repository.update(
              id,
              current.version,
              { text: event.data.text },
              [{ topic, envelope: event }],
            );
            expected.add(event.id);
            break;
          } catch (error) {
            if (!(error instanceof ConcurrencyConflictError)) throw error;
            conflicts++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    const total = AGGREGATES + WRITERS * WRITES_PER_WRITER;
    expect(expected.size).toBe(total);
    expect(conflicts).toBeGreaterThan(0);

    await spy.waitForCount((m) => m.topic === topic, total, {
      timeoutMs: 60_000,
      description: "every event",
    });
    expect(await fixture.instance.relay.flush(30_000)).toBe(true);

    // Exactly once: the topic holds as many messages as events were written, each id once.
    const admin = fixture.instance.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)).toBe(total);
    const received = spy.received
      .filter((m) => m.topic === topic)
      .map((m) => (m.value as { id: string }).id);
    expect(new Set(received)).toEqual(expected);
    expect(received).toHaveLength(total);

    // In order: each aggregate's versions arrive as 1, 2, 3 … with its key on one partition.
    for (const id of ids) {
      const versions = spy
        .byKey(id)
        .map((m) => (m.value as { aggregateversion: number }).aggregateversion);
      expect(versions, id).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
      expect(new Set(spy.byKey(id).map((m) => m.partition)).size).toBe(1);
      expect((await fixture.instance.repository.get(id))?.version).toBe(versions.length);
    }
    expect(
      await fixture.instance.notes.countDocuments({ outboxPendingSince: { $exists: true } }),
    ).toBe(0);
  });
});

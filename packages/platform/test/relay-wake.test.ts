import type { LeaseDocument } from "@danvan/platform/messaging";
import { createOutboxRelay } from "@danvan/platform/messaging";
import type { AggregateDocument, Collection } from "@danvan/platform/mongo";
import { ensureOutboxIndex } from "@danvan/platform/mongo";
import { countingCalls, eventually, testScope } from "@danvan/testing";
import { describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import { notesRepository, testEvents } from "./fixtures/notes.ts";

// A write wakes the relay for its own collection: the cycle looks there and not in the others
// (each query waits in the database's queue); a wake-up without a name, or the poll, looks in all.
const scope = testScope("relay-wake");
const fixture = useNotesInstance(scope, { partitions: 1, relay: false });

describe("waking the relay", () => {
  it("looks only in the collection written, and in all of them when not told which", async () => {
    const drafts = fixture.instance.database.collection<AggregateDocument>("drafts");
    await ensureOutboxIndex(drafts);
    // The relay's queries of each collection, counted.
    const notes = countingCalls(fixture.instance.notes, "find");
    const other = countingCalls(drafts, "find");
    const relay = createOutboxRelay({
      collections: [notes.target, other.target],
      leases: fixture.instance.database.collection<LeaseDocument>("leases"),
      producer: fixture.instance.producer,
      logger: fixture.instance.logger,
      holder: "wake-test",
      // Never within the test: what is published, a wake-up published.
      pollIntervalMs: 60_000,
    });
    const noteWrites = notesRepository(fixture.instance.notes, (name) => relay.wake(name));
    const draftWrites = notesRepository(drafts, (name) => relay.wake(name));
    const pending = (collection: Collection<AggregateDocument>) =>
      collection.countDocuments({ outboxPendingSince: { $exists: true } });
    const topic = fixture.topics.name("notes.note.events");
    relay.start();
    // The start looks everywhere once.
    await eventually(async () => notes.calls.count > 0 && other.calls.count > 0, "the first cycle");
    const queriedBefore = other.calls.count;

    for (const id of ["n1", "n2", "n3"]) {
      await noteWrites.create(id, { text: id, unitCode: "00004" }, [
        { topic, envelope: testEvents.written(id, id) },
      ]);
    }
    await eventually(
      async () => (await pending(fixture.instance.notes)) === 0,
      "the notes published",
    );
    expect(other.calls.count).toBe(queriedBefore);

    await draftWrites.create("d1", { text: "d1", unitCode: "00004" }, [
      { topic, envelope: testEvents.written("d1", "draft") },
    ]);
    await eventually(async () => (await pending(drafts)) === 0, "the draft published");

    const notesBefore = notes.calls.count;
    const draftsBefore = other.calls.count;
    relay.wake();
    await eventually(
      async () => notes.calls.count > notesBefore && other.calls.count > draftsBefore,
      "a cycle over both after an unnamed wake-up",
    );
    await relay.stop();
  });
});

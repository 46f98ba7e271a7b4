import type { LeaseDocument } from "@danvan/platform/messaging";
import { createOutboxRelay } from "@danvan/platform/messaging";
import { testScope } from "@danvan/testing";
import { describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import { testEvents } from "./fixtures/notes.ts";

// After publishing, the relay empties an outbox in the same statement that drops its pending
// marker; an aggregate that gained events while its earlier ones were being published keeps
// those, and its marker, for the next cycle.
const scope = testScope("relay-cleanup");
const fixture = useNotesInstance(scope, { partitions: 1, relay: false });

const topic = () => fixture.topics.name("notes.note.events");

describe("the relay's cleanup after publishing", () => {
  it("keeps events written during the publication and publishes them next cycle", async () => {
    for (const id of ["quiet", "busy"]) {
      await fixture.instance.repository.create(id, { text: id, unitCode: "00004" }, [
        { topic: topic(), envelope: testEvents.written(id, id) },
      ]);
    }
    const published: string[][] = [];
    const revised = testEvents.revised("busy", 2);
    let writeDuringPublish = true;
    const relay = createOutboxRelay({
      collections: [fixture.instance.notes],
      leases: fixture.instance.database.collection<LeaseDocument>("leases"),
      producer: fixture.instance.producer,
      logger: fixture.instance.logger,
      holder: "cleanup-test",
      hooks: {
        afterPublish: async (ids) => {
          published.push(ids);
          if (!writeDuringPublish) return;
          writeDuringPublish = false;
          await fixture.instance.repository.update("busy", 1, { text: "v2" }, [
            { topic: topic(), envelope: revised },
          ]);
        },
      },
    });

    expect(await relay.runOnce()).toBe(2);
    const quiet = await fixture.instance.notes.findOne({ _id: "quiet" });
    const busy = await fixture.instance.notes.findOne({ _id: "busy" });
    expect(quiet?.outbox).toEqual([]);
    expect(quiet?.outboxPendingSince).toBeUndefined();
    expect(busy?.outbox.map((e) => e.id)).toEqual([revised.id]);
    expect(busy?.outboxPendingSince).toBeDefined();

    expect(await relay.runOnce()).toBe(1);
    expect(published.at(-1)).toEqual([revised.id]);
    expect(
      await fixture.instance.notes.countDocuments({ outboxPendingSince: { $exists: true } }),
    ).toBe(0);
    expect(await relay.runOnce()).toBe(0);
    await relay.stop();
  });
});

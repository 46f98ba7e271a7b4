import {
  AggregateExistsError,
  AggregateNotFoundError,
  ConcurrencyConflictError,
} from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notesInstance } from "./fixtures/harness.ts";
import { testEvents } from "./fixtures/notes.ts";

const scope = testScope("repository");
let instance: Awaited<ReturnType<typeof notesInstance>>;
const topic = "t.notes.note.events";

beforeAll(async () => {
  instance = await notesInstance(scope, { relay: false });
});
afterAll(async () => {
  await instance?.close();
});

const written = (id: string) => testEvents.written(id, "a");
const revised = (id: string, version: number, text = "b") => testEvents.revised(id, version, text);

describe("the aggregate repository", () => {
  it("creates, reads back plain state and keeps the outbox out of it", async () => {
    await instance.repository.create("r-1", { text: "a", unitCode: "00004" }, [
      { topic, envelope: written("r-1") },
    ]);
    expect(await instance.repository.get("r-1")).toEqual({
      id: "r-1",
      version: 1,
      state: { text: "a", unitCode: "00004" },
    });
    const doc = await instance.notes.findOne({ _id: "r-1" });
    expect(doc?.outbox.map((e) => e.topic)).toEqual([topic]);
    expect(doc?.outboxPendingSince).toBeInstanceOf(Date);
  });

  it("appends several events of one change with consecutive versions", async () => {
    const version = await instance.repository.update("r-1", 1, { text: "c" }, [
      { topic, envelope: revised("r-1", 2, "b") },
      { topic, envelope: revised("r-1", 3, "c") },
    ]);
    expect(version).toBe(3);
    const doc = await instance.notes.findOne({ _id: "r-1" });
    expect(doc?.outbox.map((e) => JSON.parse(e.value).aggregateversion)).toEqual([1, 2, 3]);
  });

  it("removes fields a change no longer has", async () => {
    await instance.repository.create(
      "r-unset",
      { text: "a", unitCode: "00004", note: "x" } as never,
      [{ topic, envelope: written("r-unset") }],
    );
    await instance.repository.update(
      "r-unset",
      1,
      { text: "b" },
      [{ topic, envelope: revised("r-unset", 2) }],
      {
        unset: ["note"],
      },
    );
    expect((await instance.repository.get("r-unset"))?.state).toEqual({
      text: "b",
      unitCode: "00004",
    });
    await expect(
      instance.repository.update("r-unset", 2, {}, [{ topic, envelope: revised("r-unset", 3) }], {
        unset: ["version"],
      }),
    ).rejects.toThrow(/reserved field "version"/);
  });

  it("detects a stale write and changes nothing", async () => {
    const error = await instance.repository
      .update("r-1", 1, { text: "lost" }, [{ topic, envelope: revised("r-1", 2, "lost") }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 3 });
    expect((await instance.repository.get("r-1"))?.state.text).toBe("c");
    expect((await instance.notes.findOne({ _id: "r-1" }))?.outbox).toHaveLength(3);
  });

  it("refuses a second create and an update of a missing aggregate", async () => {
    await expect(
      instance.repository.create("r-1", { text: "x", unitCode: "00004" }, [
        { topic, envelope: written("r-1") },
      ]),
    ).rejects.toBeInstanceOf(AggregateExistsError);
    await expect(
      instance.repository.update("missing", 1, { text: "x" }, [
        { topic, envelope: revised("missing", 2) },
      ]),
    ).rejects.toBeInstanceOf(AggregateNotFoundError);
  });

  it("refuses events that do not match the change (programming errors)", async () => {
    await expect(instance.repository.update("r-1", 3, { text: "x" }, [])).rejects.toThrow(
      /at least one event/,
    );
    await expect(
      instance.repository.update("r-1", 3, { text: "x" }, [{ topic, envelope: revised("r-1", 7) }]),
    ).rejects.toThrow(/expected 4/);
    await expect(
      instance.repository.update("r-1", 3, { text: "x" }, [
        { topic, envelope: revised("other", 4) },
      ]),
    ).rejects.toThrow(/subject other/);
    await expect(
      instance.repository.update("r-1", 3, { version: 99 } as never, [
        { topic, envelope: revised("r-1", 4) },
      ]),
    ).rejects.toThrow(/reserved field "version"/);
  });
});

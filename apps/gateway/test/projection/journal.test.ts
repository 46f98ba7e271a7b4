import type { Database } from "@danvan/platform/mongo";
import { connectDatabase } from "@danvan/platform/mongo";
import { countingCalls, testScope } from "@danvan/testing";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitionStory } from "../../../dialogues/test/petition-stories.ts";
import { figuresCollection } from "../../src/projection/figures.ts";
import { createFiguresWriter } from "../../src/projection/figures-writer.ts";
import { createProjection } from "../../src/projection/handler.ts";
import { readSideContents } from "../../src/projection/read-side.ts";
import { createReadModelStore } from "../../src/projection/views.ts";

// A batch that fails between its views and its figures (the database gone in the middle) is
// finished by the writer's next batch or by its redelivery: the figures come out as if nothing
// had failed, never short and never counted twice.
const scope = testScope("gateway-journal");
let database: Database;
const calendar = createCalendar(defaultHolidayTable);
const fixedNow = () => new Date("2026-11-21T03:00:00.000Z");

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
});
afterAll(() => database?.close());

const events = (["on-time", "overdue", "late", "open"] as const).flatMap((ending, i) =>
  petitionStory({
    id: `0193a6f0-7c1e-7b21-9d3f-5a1e2b3c4e${String(i).padStart(2, "0")}`,
    unitCode: i % 2 === 0 ? "00004" : "00082",
    receivedAt: new Date(`2026-10-0${i + 2}T02:00:00.000Z`),
    ending,
  }),
);
const batches = [events.slice(0, 7), events.slice(7, 15), events.slice(15)];

/**
 * A replica's projection on a read side, whose figures' bulk writes fail at the calls `failOn`
 * names (from 1). Two made on one prefix are two replicas of the same read models.
 */
async function side(prefix: string, failOn: number[] = []) {
  const store = await createReadModelStore(database, prefix);
  const figures = await figuresCollection(database, prefix);
  const { target } = countingCalls(figures, "bulkWrite", { failOn });
  const handle = createProjection({
    store,
    figures: createFiguresWriter({ figures: target, now: fixedNow }),
    calendar: () => calendar,
  });
  return { store, figures, handle };
}

const contents = async (s: Awaited<ReturnType<typeof side>>) =>
  readSideContents(s, { withEmptyFigures: true });

describe("a batch failing between its views and its figures", () => {
  it("is made whole by its redelivery: the figures as without the failure", async () => {
    const clean = await side("clean_");
    for (const batch of batches) await clean.handle(batch, "p0");

    const failing = await side("redelivered_", [2]);
    await failing.handle(batches[0] ?? [], "p0");
    await expect(failing.handle(batches[1] ?? [], "p0")).rejects.toThrow(/simulated/);
    // Its views are written; the writer's entry says what the figures are owed.
    expect(await failing.store.journal.countDocuments({ _id: "p0" })).toBe(1);
    await failing.handle(batches[1] ?? [], "p0");
    await failing.handle(batches[2] ?? [], "p0");

    expect(await contents(failing)).toEqual(await contents(clean));
  });

  it("is made whole by the writer's next batch, and its late redelivery changes nothing", async () => {
    const clean = await side("clean_next_");
    for (const batch of batches) await clean.handle(batch, "p0");

    const failing = await side("next_", [1]);
    await expect(failing.handle(batches[0] ?? [], "p0")).rejects.toThrow(/simulated/);
    await failing.handle(batches[1] ?? [], "p0");
    await failing.handle(batches[2] ?? [], "p0");
    await failing.handle(batches[0] ?? [], "p0");

    expect(await contents(failing)).toEqual(await contents(clean));
  });

  it("is not counted twice when a paid batch comes again to a replica that knows nothing of it", async () => {
    const clean = await side("clean_again_");
    for (const batch of batches) await clean.handle(batch, "p0");

    // Written and paid, but its offsets not committed: the next owner of the partition gets it
    // again, and first looks at what the entry may still owe.
    const first = await side("again_");
    await first.handle(batches[0] ?? [], "p0");
    const next = await side("again_");
    for (const batch of batches) await next.handle(batch, "p0");

    expect(await contents(next)).toEqual(await contents(clean));
  });

  it("is made whole by the replica that takes the partition over, from what the first left", async () => {
    const clean = await side("clean_takeover_");
    for (const batch of batches) await clean.handle(batch, "p0");

    const first = await side("takeover_", [1]);
    await expect(first.handle(batches[0] ?? [], "p0")).rejects.toThrow(/simulated/);
    // Another replica, on the same read models, gets the partition and the batches from there.
    const next = await side("takeover_");
    for (const batch of batches) await next.handle(batch, "p0");

    expect(await contents(next)).toEqual(await contents(clean));
  });
});

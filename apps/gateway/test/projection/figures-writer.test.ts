import type { Collection, Database } from "@danvan/platform/mongo";
import { connectDatabase } from "@danvan/platform/mongo";
import { countingCalls, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FiguresDocument } from "../../src/projection/figures.ts";
import { figuresCollection } from "../../src/projection/figures.ts";
import type { FiguresChange } from "../../src/projection/figures-writer.ts";
import { createFiguresWriter } from "../../src/projection/figures-writer.ts";
import { parsePeriod } from "../../src/projection/periods.ts";

// Figures writes are group-committed: changes that arrive while a write is under way are summed
// per document and written together next, each caller resolved (or failed) with the write
// holding its changes.
const scope = testScope("gateway-figures-writer");
let database: Database;

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
});
// The run's teardown drops the database (@danvan/testing).
afterAll(() => database?.close());

const period = parsePeriod("2026-11") ?? (undefined as never);
const change = (unitCode: string, received: number): FiguresChange => ({
  id: `${unitCode}|2026-11`,
  unitCode,
  period,
  delta: { "petitions.counts.received": received },
});

/** The collection, counting bulk writes and failing the ones `failOn` names (from 1). */
function watched(collection: Collection<FiguresDocument>, failOn: number[] = []) {
  const { target, calls } = countingCalls(collection, "bulkWrite", { failOn });
  return { figures: target, writes: calls };
}

const received = async (figures: Collection<FiguresDocument>, unitCode: string) =>
  (await figures.findOne({ _id: `${unitCode}|2026-11` }))?.petitions?.counts.received;

describe("the figures writer", () => {
  it("writes what arrives during a write in one write after it, summed, and resolves each caller", async () => {
    const { figures, writes } = watched(await figuresCollection(database, "coalesce_"));
    const writer = createFiguresWriter({ figures });
    // The first goes out at once; the four after it arrive while it is under way.
    await Promise.all([
      writer.apply([change("00004", 1)]),
      writer.apply([change("00004", 2), change("00082", 1)]),
      writer.apply([change("00004", 3)]),
      writer.apply([change("00082", -1), change("00082", 5)]),
      writer.apply([change("00016", 0)]),
    ]);
    expect(writes.count).toBe(2);
    expect(await received(figures, "00004")).toBe(6);
    expect(await received(figures, "00082")).toBe(5);
    // Nothing left to add, nothing written.
    expect(await figures.findOne({ _id: "00016|2026-11" })).toBeNull();
    await writer.apply([change("00004", 1)]);
    expect(writes.count).toBe(3);
    expect(await received(figures, "00004")).toBe(7);
  });

  it("fails every caller whose changes were in a failed write, and goes on with the next", async () => {
    const { figures, writes } = watched(await figuresCollection(database, "failing_"), [2]);
    const writer = createFiguresWriter({ figures });
    const outcomes = await Promise.allSettled([
      writer.apply([change("00004", 1)]),
      writer.apply([change("00004", 10)]),
      writer.apply([change("00082", 10)]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(await received(figures, "00004")).toBe(1);
    expect(await received(figures, "00082")).toBeUndefined();
    await writer.apply([change("00082", 2)]);
    expect(writes.count).toBe(3);
    expect(await received(figures, "00082")).toBe(2);
  });
});

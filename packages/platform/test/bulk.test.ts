import type { Collection, Database } from "@danvan/platform/mongo";
import {
  bulkWriteInSlices,
  connectDatabase,
  insertManyRefusingDuplicates,
} from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const scope = testScope("bulk-slices");
let database: Database;
let items: Collection<{ _id: string; n: number }>;

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  items = database.collection("items");
});
// The run's teardown drops the database (@danvan/testing).
afterAll(() => database?.close());

describe("bulkWriteInSlices", () => {
  it("writes more statements than one command may hold (FerretDB hangs on 100)", async () => {
    const ids = Array.from({ length: 230 }, (_, i) => `item-${i}`);
    await bulkWriteInSlices(
      items,
      ids.map((_id, n) => ({ insertOne: { document: { _id, n } } })),
    );
    await bulkWriteInSlices(
      items,
      ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { n: 1 } } } })),
    );
    expect(await items.countDocuments()).toBe(230);
    expect(await items.findOne({ _id: "item-229" })).toEqual({ _id: "item-229", n: 230 });
  });
});

describe("insertManyRefusingDuplicates", () => {
  it("writes every document whose id is new and names the others", async () => {
    const once = database.collection<{ _id: string; n: number }>("once");
    await once.insertMany([
      { _id: "d-7", n: 0 },
      { _id: "d-64", n: 0 },
    ]);
    const documents = Array.from({ length: 120 }, (_, n) => ({ _id: `d-${n}`, n: n + 1 }));
    // The same id twice in one call: the second is refused too.
    documents.push({ _id: "d-3", n: -1 });
    const refused = await insertManyRefusingDuplicates(once, documents);
    expect([...refused].sort((a, b) => a - b)).toEqual([7, 64, 120]);
    expect(await once.countDocuments()).toBe(120);
    expect(await once.findOne({ _id: "d-64" })).toEqual({ _id: "d-64", n: 0 });
    expect(await once.findOne({ _id: "d-3" })).toEqual({ _id: "d-3", n: 4 });
    expect(await once.findOne({ _id: "d-119" })).toEqual({ _id: "d-119", n: 120 });
  });

  it("throws what is not a duplicate key", async () => {
    const odd = database.collection<{ _id: unknown }>("odd");
    // An array cannot be an _id.
    await expect(insertManyRefusingDuplicates(odd, [{ _id: ["a"] }])).rejects.toThrow();
  });
});

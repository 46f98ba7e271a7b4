import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Collection, Database } from "../src/mongo/index.ts";
import { bulkWriteInSlices, connectDatabase } from "../src/mongo/index.ts";

const scope = testScope("bulk-slices");
let database: Database;
let items: Collection<{ _id: string; n: number }>;

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  items = database.collection("items");
});
afterAll(async () => {
  await database?.connection.dropDatabase();
  await database?.close();
});

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

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase, testScope } from "../src/index.ts";

// The operations the platform relies on (docs/architecture.md §5 and §6), checked against whichever
// server this run uses: FerretDB 1.24 here, MongoDB 7 under Docker. If one fails after an
// upgrade, the common subset has shrunk and infra/ferretdb/README.md must say so.
const scope = testScope("database-subset");
let db: TestDatabase;

interface Doc {
  _id: string;
  version: number;
  state?: string;
  outbox?: { id: string }[];
  k?: string;
  n?: number;
}

beforeAll(async () => {
  db = await openTestDatabase(scope);
});
afterAll(async () => {
  await db?.dispose();
});

const collection = () => db.connection.collection<Doc>("aggregates");

beforeEach(async () => {
  await collection().deleteMany({});
});

describe("the MongoDB subset the platform relies on", () => {
  it("writes a change and its outbox events in one version-guarded updateOne", async () => {
    await collection().insertOne({ _id: "a1", version: 1, outbox: [] });

    const applied = await collection().updateOne(
      { _id: "a1", version: 1 },
      {
        $set: { state: "assigned" },
        $inc: { version: 1 },
        $push: { outbox: { $each: [{ id: "e1" }, { id: "e2" }] } },
      },
    );
    const stale = await collection().updateOne(
      { _id: "a1", version: 1 },
      {
        $set: { state: "rejected" },
        $inc: { version: 1 },
        $push: { outbox: { $each: [{ id: "e3" }] } },
      },
    );

    expect(applied.modifiedCount).toBe(1);
    expect(stale.matchedCount).toBe(0);
    expect(await collection().findOne({ _id: "a1" })).toEqual({
      _id: "a1",
      version: 2,
      state: "assigned",
      outbox: [{ id: "e1" }, { id: "e2" }],
    });
  });

  it("lets exactly one of many concurrent version-guarded updates through", async () => {
    // Raw FerretDB 1.24 fails this (several "succeed" and changes are lost); infra/ferretdb's
    // serializer makes it hold, as MongoDB does (docs/decisions/0005).
    await collection().insertOne({ _id: "race", version: 1, outbox: [] });
    // Open the connection pool wide first, so the updates really run side by side.
    await Promise.all(Array.from({ length: 20 }, () => collection().findOne({ _id: "race" })));

    for (let version = 1; version <= 10; version++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          collection().updateOne(
            { _id: "race", version },
            {
              $inc: { version: 1 },
              $push: { outbox: { $each: [{ id: `v${version}-writer-${i}` }] } },
            },
          ),
        ),
      );
      expect(
        results.filter((r) => r.modifiedCount === 1),
        `round ${version}`,
      ).toHaveLength(1);
    }
    const doc = await collection().findOne({ _id: "race" });
    expect(doc?.version).toBe(11);
    expect(doc?.outbox).toHaveLength(10);
  });

  it("pulls exactly the published outbox entries with $pullAll", async () => {
    // Not `$pull: {outbox: {id: {$in: ids}}}`: FerretDB 1.24 matches nothing with a condition on
    // an element's fields and silently leaves the array as it was.
    await collection().insertOne({
      _id: "a2",
      version: 3,
      outbox: [{ id: "e1" }, { id: "e2" }, { id: "e3" }],
    });

    const pulled = await collection().updateOne(
      { _id: "a2" },
      { $pullAll: { outbox: [{ id: "e1" }, { id: "e2" }] } },
    );

    expect(pulled.modifiedCount).toBe(1);
    expect((await collection().findOne({ _id: "a2" }))?.outbox).toEqual([{ id: "e3" }]);
  });

  it("takes a lease with findOneAndUpdate and upsert", async () => {
    const lease = await collection().findOneAndUpdate(
      { _id: "relay-lease" },
      { $set: { state: "holder-1" }, $setOnInsert: { version: 1 } },
      { upsert: true, returnDocument: "after" },
    );
    expect(lease).toMatchObject({ _id: "relay-lease", state: "holder-1", version: 1 });
  });

  it("rejects duplicates of a unique compound index", async () => {
    await collection().createIndex({ k: 1, n: 1 }, { unique: true });
    await collection().insertOne({ _id: "x1", version: 1, k: "01", n: 1 });
    await expect(
      collection().insertOne({ _id: "x2", version: 1, k: "01", n: 1 }),
    ).rejects.toMatchObject({
      code: 11000,
    });
    await collection().dropIndex("k_1_n_1");
  });

  it("counts with $group, one accumulator per stage", async () => {
    // FerretDB 1.24 computes only the first accumulator of a $group and returns 0 for the rest.
    await collection().insertMany([
      { _id: "g1", version: 1, k: "a", n: 2 },
      { _id: "g2", version: 1, k: "a", n: 3 },
      { _id: "g3", version: 1, k: "b", n: 5 },
    ]);

    const totals = await collection()
      .aggregate([{ $group: { _id: "$k", total: { $sum: "$n" } } }, { $sort: { _id: 1 } }])
      .toArray();
    const counts = await collection()
      .aggregate([{ $group: { _id: "$k", count: { $count: {} } } }, { $sort: { _id: 1 } }])
      .toArray();

    expect(totals).toEqual([
      { _id: "a", total: 5 },
      { _id: "b", total: 5 },
    ]);
    expect(counts).toEqual([
      { _id: "a", count: 2 },
      { _id: "b", count: 1 },
    ]);
  });

  it("applies version-gated upserts in bulk", async () => {
    await collection().insertOne({ _id: "r1", version: 5, state: "v5" });

    // Older than held: no document matches the gate, and the upsert collides on _id instead of
    // overwriting. Newer: applied.
    const older = collection().bulkWrite([
      {
        updateOne: {
          filter: { _id: "r1", version: { $lt: 4 } },
          update: { $set: { version: 4, state: "v4" } },
          upsert: true,
        },
      },
    ]);
    await expect(older).rejects.toMatchObject({ code: 11000 });
    await collection().bulkWrite([
      {
        updateOne: {
          filter: { _id: "r1", version: { $lt: 6 } },
          update: { $set: { version: 6, state: "v6" } },
          upsert: true,
        },
      },
    ]);

    expect(await collection().findOne({ _id: "r1" })).toEqual({
      _id: "r1",
      version: 6,
      state: "v6",
    });
  });

  it("finds, updates, replaces, counts and deletes by _id with more conditions, and by _id $in", async () => {
    // infra/ferretdb narrows these to the rows of the named ids (its patch, ADR 0007); every
    // other condition must still hold.
    await collection().insertMany(
      Array.from({ length: 30 }, (_, i) => ({ _id: `d${i}`, version: i % 3, state: "s" })),
    );
    expect(await collection().findOne({ _id: "d4", version: 1 })).toMatchObject({ _id: "d4" });
    expect(await collection().findOne({ _id: "d4", version: 2 })).toBeNull();
    const some = await collection()
      .find({ _id: { $in: ["d1", "d2", "d3", "nowhere"] }, version: { $gt: 0 } })
      .sort({ _id: 1 })
      .toArray();
    expect(some.map((d) => d._id)).toEqual(["d1", "d2"]);
    // A list that is not only strings still works (it is not narrowed).
    const mixed = await collection()
      .find({ _id: { $in: ["d5", 7 as unknown as string] } })
      .toArray();
    expect(mixed.map((d) => d._id)).toEqual(["d5"]);
    expect(await collection().countDocuments({ _id: { $in: ["d6", "d7", "d8"] } })).toBe(3);

    const missed = await collection().replaceOne({ _id: "d7", version: 0 }, { version: 9 });
    expect(missed.matchedCount).toBe(0);
    const hit = await collection().replaceOne({ _id: "d7", version: 1 }, { version: 9 });
    expect(hit.matchedCount).toBe(1);
    const updated = await collection().updateMany(
      { _id: { $in: ["d9", "d10", "d11"] }, version: 0 },
      { $set: { state: "t" } },
    );
    expect(updated.modifiedCount).toBe(1);
    const deleted = await collection().deleteMany({ _id: { $in: ["d12", "d13"] }, version: 1 });
    expect(deleted.deletedCount).toBe(1);

    expect(await collection().findOne({ _id: "d7" })).toEqual({ _id: "d7", version: 9 });
    expect(await collection().findOne({ _id: "d9" })).toMatchObject({ state: "t" });
    expect(await collection().findOne({ _id: "d10" })).toMatchObject({ state: "s" });
    expect(await collection().countDocuments()).toBe(29);
  });

  it("finds and counts the documents holding a field, with more conditions, sorted", async () => {
    // The relay's query; infra/ferretdb narrows it by the field's index (ADR 0007).
    await collection().createIndex({ k: 1 }, { name: "k" });
    await collection().insertMany([
      { _id: "e1", version: 1, k: "b" },
      { _id: "e2", version: 1 },
      { _id: "e3", version: 2, k: "a" },
      { _id: "e4", version: 1, k: null as unknown as string },
      { _id: "e5", version: 1, k: "" },
    ]);
    const held = await collection()
      .find({ k: { $exists: true } })
      .sort({ _id: 1 })
      .toArray();
    expect(held.map((d) => d._id)).toEqual(["e1", "e3", "e4", "e5"]);
    const some = await collection()
      .find({ k: { $exists: true }, version: 1 })
      .sort({ k: 1 })
      .limit(2)
      .toArray();
    expect(some.map((d) => d._id)).toEqual(["e4", "e5"]);
    // Unsorted and limited, as the relay pulls its next batch (infra/ferretdb applies the limit
    // in SQL for this filter): only documents holding the field, as many as asked.
    for (const limit of [1, 3, 4, 9]) {
      const batch = await collection()
        .find({ k: { $exists: true } })
        .limit(limit)
        .toArray();
      expect(batch, `limit ${limit}`).toHaveLength(Math.min(limit, 4));
      expect(batch.every((d) => d._id !== "e2")).toBe(true);
    }
    expect(await collection().countDocuments({ k: { $exists: true } })).toBe(4);
    expect(await collection().countDocuments({ k: { $exists: false } })).toBe(1);
    await collection().updateMany({ k: { $exists: true }, version: 2 }, { $unset: { k: "" } });
    expect(await collection().countDocuments({ k: { $exists: true } })).toBe(3);
    await collection().dropIndex("k");
  });

  it("compares strings and numbers, in arrays and nested documents, as MongoDB does", async () => {
    // infra/ferretdb narrows these conditions in SQL (ADR 0007); the results must not change.
    const mixed = db.connection.collection<{ _id: string; v?: unknown; d?: unknown }>("mixed");
    await mixed.insertMany([
      { _id: "s1", v: "2026-10-01T02:00:00.000Z", d: { due: "2026-10-05" } },
      { _id: "s2", v: '2026-10-01&<>"x', d: { due: "2026-11-05" } },
      { _id: "s3", v: "2026-10-01\u0001", d: [{ due: "2026-01-01" }, { due: "2027-01-01" }] },
      { _id: "s4", v: ["2025-01-01", "2027-01-01"], d: { due: ["2026-12-31"] } },
      { _id: "n1", v: 5 },
      { _id: "n2", v: 5.5 },
      { _id: "n3", v: 7 },
      { _id: "b1", v: true },
      { _id: "z1", v: null },
      { _id: "o1", v: { x: 1 } },
      { _id: "m1" },
    ]);
    const ids = async (filter: Record<string, unknown>) =>
      (await mixed.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);

    expect(await ids({ v: { $lt: "2026-10-01T" } })).toEqual(["s2", "s3", "s4"]);
    // An array matches a range when each bound is met by some element, not necessarily one.
    expect(await ids({ v: { $gte: "2026-10-01&", $lt: "2026-10-02" } })).toEqual([
      "s1",
      "s2",
      "s4",
    ]);
    expect(await ids({ v: { $gt: "2026-06-01" } })).toEqual(["s1", "s2", "s3", "s4"]);
    expect(await ids({ v: "2027-01-01" })).toEqual(["s4"]);
    expect(await ids({ v: { $in: ["2025-01-01", '2026-10-01&<>"x'] } })).toEqual(["s2", "s4"]);
    expect(await ids({ v: { $gt: 5 } })).toEqual(["n2", "n3"]);
    expect(await ids({ v: { $lte: 5.5 } })).toEqual(["n1", "n2"]);
    expect(await ids({ v: 5 })).toEqual(["n1"]);
    expect(await ids({ v: 1 })).toEqual([]);
    expect(await ids({ v: { $in: [7, "2027-01-01"] } })).toEqual(["n3", "s4"]);
    expect(await ids({ "d.due": { $lt: "2026-11-01" } })).toEqual(["s1", "s3"]);
    expect(await ids({ "d.due": { $gt: "2026-11-01" } })).toEqual(["s2", "s3", "s4"]);
    expect(await mixed.countDocuments({ v: { $gte: "" } })).toBe(4);
    // Beside a range, $exists: true is narrowed by the field's index (the deadline sweep's query).
    await mixed.createIndex({ v: 1 }, { name: "v" });
    expect(await ids({ v: { $exists: true, $lt: "2026-10-01T" } })).toEqual(["s2", "s3", "s4"]);
    expect(await ids({ v: { $exists: true, $gte: 5.5 } })).toEqual(["n2", "n3"]);
    expect(await ids({ v: { $exists: false, $gte: 5.5 } })).toEqual([]);
    expect(await ids({ "d.due": { $exists: true, $lt: "2026-11-01" } })).toEqual(["s1", "s3"]);
    const updated = await mixed.updateMany({ v: { $gt: 5, $lt: 7 } }, { $set: { d: "between" } });
    expect(updated.modifiedCount).toBe(1);
    expect(await ids({ d: "between" })).toEqual(["n2"]);
    const deleted = await mixed.deleteMany({ v: { $in: ["2027-01-01"] } });
    expect(deleted.deletedCount).toBe(1);
    await mixed.drop();
  });

  it("finds folded search tokens with an anchored $regex and sorts, skips and limits", async () => {
    await collection().insertMany([
      { _id: "s1", version: 1, k: "dan van kheo", n: 1 },
      { _id: "s2", version: 1, k: "dan chu co so", n: 2 },
      { _id: "s3", version: 1, k: "tiep dan", n: 3 },
    ]);
    const found = await collection()
      .find({ k: { $regex: "^dan " } })
      .sort({ n: -1 })
      .skip(1)
      .limit(1)
      .toArray();
    expect(found.map((d) => d._id)).toEqual(["s1"]);
  });
});

import type { Collection, Database } from "@danvan/platform/mongo";
import { connectDatabase, writeNewerSnapshots } from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface View {
  _id: string;
  version: number;
  [field: string]: unknown;
}

const scope = testScope("read-model");
let database: Database;
let views: Collection<View>;

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  views = database.collection<View>("views");
});
// The run's teardown drops the database (@danvan/testing).
afterAll(() => database?.close());

/** One snapshot written: "applied" when it changed the view, "stale" when it did not. */
async function write(id: string, version: number, fields: Record<string, unknown>) {
  let outcome: "applied" | "stale" = "stale";
  await writeNewerSnapshots(views, [{ _id: id, version, ...fields }], () => {
    outcome = "applied";
  });
  return outcome;
}

describe("version-gated writes of read models", () => {
  it("apply newer versions and ignore older or equal ones, in any arrival order", async () => {
    expect(await write("p-1", 2, { status: "assigned" })).toBe("applied");
    expect(await write("p-1", 1, { status: "received" })).toBe("stale");
    expect(await write("p-1", 2, { status: "assigned again" })).toBe("stale");
    expect(await write("p-1", 4, { status: "answered" })).toBe("applied");
    expect(await views.findOne({ _id: "p-1" })).toEqual({
      _id: "p-1",
      version: 4,
      status: "answered",
    });
  });

  it("keep the newest of simultaneous first writes", async () => {
    const outcomes = await Promise.all(
      [1, 5, 3, 2, 4].map((version) => write("p-race", version, { seen: version })),
    );
    expect(outcomes).toContain("applied");
    expect(await views.findOne({ _id: "p-race" })).toEqual({ _id: "p-race", version: 5, seen: 5 });
  });

  it("tell each change's before and after, once, for a batch of several aggregates", async () => {
    const changes: [number | undefined, number][] = [];
    const batch = [
      { _id: "b-1", version: 1, n: 1 },
      { _id: "b-2", version: 3, n: 3 },
    ];
    await writeNewerSnapshots(views, batch, (before, after) =>
      changes.push([before?.version, after.version]),
    );
    await writeNewerSnapshots(views, [...batch, { _id: "b-1", version: 2, n: 2 }], (b, a) =>
      changes.push([b?.version, a.version]),
    );
    expect(changes).toEqual([
      [undefined, 1],
      [undefined, 3],
      [1, 2],
    ]);
  });
});

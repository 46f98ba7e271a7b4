import type {
  Collection,
  Database,
  EffectDocument,
  VersionedDocument,
} from "@danvan/platform/mongo";
import { applyOnce, connectDatabase, versionGatedUpsert } from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const scope = testScope("read-model");
let database: Database;
let views: Collection<VersionedDocument>;
let counters: Collection<EffectDocument>;

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  views = database.collection<VersionedDocument>("views");
  counters = database.collection<EffectDocument>("counters");
});
// The run's teardown drops the database (@danvan/testing).
afterAll(() => database?.close());

describe("version-gated upserts", () => {
  it("apply newer versions and ignore older or equal ones, in any arrival order", async () => {
    expect(await versionGatedUpsert(views, "p-1", 2, { status: "assigned" })).toBe("applied");
    expect(await versionGatedUpsert(views, "p-1", 1, { status: "received" })).toBe("stale");
    expect(await versionGatedUpsert(views, "p-1", 2, { status: "assigned again" })).toBe("stale");
    expect(await versionGatedUpsert(views, "p-1", 4, { status: "answered" })).toBe("applied");
    expect(await views.findOne({ _id: "p-1" })).toEqual({
      _id: "p-1",
      version: 4,
      status: "answered",
    });
  });

  it("keep the newest of simultaneous first writes", async () => {
    const outcomes = await Promise.all(
      [1, 5, 3, 2, 4].map((version) =>
        versionGatedUpsert(views, "p-race", version, { seen: version }),
      ),
    );
    expect(outcomes).toContain("applied");
    expect(await views.findOne({ _id: "p-race" })).toEqual({ _id: "p-race", version: 5, seen: 5 });
  });
});

describe("applyOnce", () => {
  it("performs a side effect once per event, however often the event comes", async () => {
    const inc = { $inc: { overdue: 1 } } as never;
    expect(await applyOnce(counters, "unit-00004", "e-1", inc)).toBe("applied");
    expect(await applyOnce(counters, "unit-00004", "e-1", inc)).toBe("duplicate");
    expect(await applyOnce(counters, "unit-00004", "e-2", inc)).toBe("applied");
    const again = await Promise.all(
      Array.from({ length: 5 }, () => applyOnce(counters, "unit-00004", "e-3", inc)),
    );
    expect(again.filter((o) => o === "applied")).toHaveLength(1);
    expect(await counters.findOne({ _id: "unit-00004" })).toMatchObject({
      overdue: 3,
      appliedEventIds: ["e-1", "e-2", "e-3"],
    });
  });
});

import type { Database, MigrationRecord } from "@danvan/platform/mongo";
import { connectDatabase, migrateOnce } from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const scope = testScope("migrations");
let database: Database;

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
});
// The run's teardown drops the database (@danvan/testing).
afterAll(() => database?.close());

const recorded = (name: string) =>
  database.collection<MigrationRecord>("migrations").findOne({ _id: name });

describe("migrateOnce", () => {
  it("runs a step at the first start only, and records what it changed", async () => {
    let runs = 0;
    const step = async () => {
      runs += 1;
      return 7;
    };
    expect(await migrateOnce(database, "notes.add-title", step)).toBe(7);
    expect(await migrateOnce(database, "notes.add-title", step)).toBeUndefined();
    expect(runs).toBe(1);
    expect(await recorded("notes.add-title")).toMatchObject({ changed: 7 });
    // Another migration is its own.
    expect(await migrateOnce(database, "notes.drop-legacy", async () => 0)).toBe(0);
  });

  it("runs a step that failed again at the next start", async () => {
    await expect(
      migrateOnce(database, "notes.flaky", async () => {
        throw new Error("the database went away");
      }),
    ).rejects.toThrow("the database went away");
    expect(await recorded("notes.flaky")).toBeNull();
    expect(await migrateOnce(database, "notes.flaky", async () => 2)).toBe(2);
    expect(await recorded("notes.flaky")).toMatchObject({ changed: 2 });
  });

  it("lets replicas starting together both finish", async () => {
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => migrateOnce(database, "notes.together", async () => 1)),
    );
    expect(outcomes.filter((o) => o === 1).length).toBeGreaterThanOrEqual(1);
    expect(
      await database.collection("migrations").countDocuments({ _id: "notes.together" } as never),
    ).toBe(1);
  });
});

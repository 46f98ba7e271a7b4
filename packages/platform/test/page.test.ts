import type { AggregateDocument, Collection, Database } from "@danvan/platform/mongo";
import { connectDatabase, findPage } from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const scope = testScope("find-page");
let database: Database;
let notes: Collection<AggregateDocument>;

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  notes = database.collection<AggregateDocument>("notes");
  await notes.insertMany(
    ["c", "a", "e", "b", "d"].map((title, i) => ({
      _id: `n-${i}`,
      version: i + 1,
      title,
      secret: "internal",
      outbox: [],
      ...(i === 0 ? { outboxPendingSince: new Date() } : {}),
    })),
  );
});
// The run's teardown drops the database (@danvan/testing).
afterAll(() => database?.close());

describe("findPage", () => {
  it("gives the total and one page in order, as plain objects without outbox or hidden fields", async () => {
    const page = await findPage(notes, {
      filter: {},
      sort: { title: 1, _id: 1 },
      offset: 1,
      limit: 2,
      hide: ["secret"],
    });
    expect(page).toEqual({
      total: 5,
      items: [
        { id: "n-3", version: 4, title: "b" },
        { id: "n-0", version: 1, title: "c" },
      ],
    });
  });

  it("counts what the filter matches, not what the page holds", async () => {
    const page = await findPage(notes, {
      filter: { title: { $in: ["a", "e"] } },
      sort: { _id: 1 },
      offset: 0,
      limit: 1,
    });
    expect(page.total).toBe(2);
    expect(page.items).toEqual([{ id: "n-1", version: 2, title: "a", secret: "internal" }]);
  });
});

import type { Collection, Database } from "@danvan/platform/mongo";
import { connectDatabase, tokenPrefixClauses } from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const scope = testScope("token-search");
let database: Database;
let documents: Collection<{ _id: string; searchTokens: string[] }>;

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  documents = database.collection("documents");
  await documents.createIndex({ searchTokens: 1 });
  await documents.insertMany([
    { _id: "road", searchTokens: ["den", "duong", "hong"] },
    { _id: "land", searchTokens: ["boi", "thuong", "dat", "dai"] },
    { _id: "regex", searchTokens: ["a.b", "c*"] },
  ]);
});
// The run's teardown drops the database (@danvan/testing).
afterAll(() => database?.close());

const find = async (tokens: string[]) =>
  (await documents.find({ $and: [{}, ...tokenPrefixClauses(tokens)] }).toArray())
    .map((d) => d._id)
    .sort();

describe("tokenPrefixClauses", () => {
  it("matches documents where every query token begins a stored token", async () => {
    expect(await find(["d"])).toEqual(["land", "road"]);
    expect(await find(["d", "hon"])).toEqual(["road"]);
    expect(await find(["thuong", "da"])).toEqual(["land"]);
    expect(await find(["uong"])).toEqual([]);
  });

  it("treats regex characters in a token as literal characters", async () => {
    expect(await find(["a.b"])).toEqual(["regex"]);
    expect(await find(["a.c"])).toEqual([]);
    expect(await find(["c*"])).toEqual(["regex"]);
    expect(await find(["."])).toEqual([]);
  });
});

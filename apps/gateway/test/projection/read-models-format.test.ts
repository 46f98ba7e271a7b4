import { createLogger } from "@danvan/platform/log";
import type { Database } from "@danvan/platform/mongo";
import { connectDatabase } from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { afterAll, describe, expect, it } from "vitest";
import {
  activeReadModels,
  createActiveReadSide,
  READ_MODELS_FORMAT,
} from "../../src/projection/active-read-side.ts";

// The gateway knows which format its read models were built by: a first start writes it down,
// and an older gateway's models (figures already there, no format) are reported as such.
const scope = testScope("gateway-read-models-format");
const calendar = createCalendar(defaultHolidayTable);
const logger = createLogger({ service: "format-test", level: "silent" });
const databases: Database[] = [];

async function database(name: string) {
  const db = await connectDatabase(scope.mongoUrl, `${scope.databaseName}_${name}`);
  databases.push(db);
  return db;
}
const activeSide = (db: Database) =>
  createActiveReadSide({ database: db, calendar: () => calendar, logger });

afterAll(async () => {
  for (const db of databases) {
    await db.connection.dropDatabase();
    await db.close();
  }
});

describe("the read models' format", () => {
  it("is this gateway's on a first start, and written down", async () => {
    const db = await database("fresh");
    expect((await activeSide(db)).format).toBe(READ_MODELS_FORMAT);
    expect(await activeReadModels(db).findOne({ _id: "read-models" })).toMatchObject({
      prefix: "",
      format: READ_MODELS_FORMAT,
    });
    // Started again with figures written meanwhile: still this format.
    await db.collection("figures").insertOne({ _id: "00004|2026-11" as never });
    expect((await activeSide(db)).format).toBe(READ_MODELS_FORMAT);
  });

  it("is the first one when an older gateway left figures and no format", async () => {
    const db = await database("older");
    await db.collection("figures").insertOne({ _id: "01|2026-Q4" as never });
    const side = await activeSide(db);
    expect(side.format).toBe(1);
    expect(side.format).toBeLessThan(READ_MODELS_FORMAT);
  });
});

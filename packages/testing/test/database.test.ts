import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase, testScope } from "../src/index.ts";

const scope = testScope("database");
const otherScope = testScope("database-other");
let db: TestDatabase;
let otherDb: TestDatabase;

const unitSchema = new mongoose.Schema({
  code: { type: String, required: true },
  name: { type: String, required: true },
});
unitSchema.index({ code: 1 }, { unique: true });

beforeAll(async () => {
  db = await openTestDatabase(scope);
  otherDb = await openTestDatabase(otherScope);
});

afterAll(async () => {
  await db?.dispose();
  await otherDb?.dispose();
});

describe("real database through the harness", () => {
  it("writes a document and reads it back", async () => {
    const Unit = db.connection.model("Unit", unitSchema);
    await Unit.syncIndexes();
    await Unit.create({ code: "01", name: "Thành phố Hà Nội" });

    const found = await Unit.findOne({ code: "01" }).lean();

    expect(found?.name).toBe("Thành phố Hà Nội");
  });

  it("rejects a duplicate of a unique index with error 11000", async () => {
    const Unit = db.connection.model("Unit", unitSchema);
    await Unit.syncIndexes();
    await Unit.create({ code: "79", name: "Thành phố Hồ Chí Minh" });

    const duplicate = Unit.create({ code: "79", name: "TP. Hồ Chí Minh" });

    await expect(duplicate).rejects.toMatchObject({ code: 11000 });
    expect(await Unit.countDocuments({ code: "79" })).toBe(1);
  });

  it("gives each scope its own database", async () => {
    expect(db.name).not.toBe(otherDb.name);
    const Unit = otherDb.connection.model("Unit", unitSchema);
    await Unit.create({ code: "01", name: "another file's unit" });

    expect(await otherDb.connection.model("Unit", unitSchema).countDocuments()).toBe(1);
    expect(
      await db.connection.model("Unit", unitSchema).countDocuments({ name: "another file's unit" }),
    ).toBe(0);
  });
});

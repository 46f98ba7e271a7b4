import { randomBytes } from "node:crypto";
import { createAggregateStore } from "@danvan/platform/aggregate";
import { ConfigError } from "@danvan/platform/config";
import type { Database } from "@danvan/platform/mongo";
import { connectDatabase } from "@danvan/platform/mongo";
import {
  createFieldCipher,
  parsePersonalDataKeys,
  SealedValueError,
} from "@danvan/platform/personal-data";
import { testPersonalDataKeys, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeAggregate } from "./sample-service/assemble.ts";

// Personal data sealed at rest by the kit's aggregate store, on the real database: what is
// stored is ciphertext bound to its aggregate and field; what a load returns is the text.
const scope = testScope("personal-data");
let database: Database;
const meta = { correlationId: "t", actor: "test" };
// The notice's title stands in for a contact detail.
const sealedNotices = { ...noticeAggregate, personalData: ["title"] };
const key = (id: string) => ({ id, key: randomBytes(32) });

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
});
afterAll(async () => {
  await database?.connection.dropDatabase();
  await database?.close();
});

const storeWith = (keys: { id: string; key: Buffer }[]) =>
  createAggregateStore(sealedNotices, {
    database,
    onWrite: () => undefined,
    cipher: createFieldCipher(keys),
  });
const stored = (id: string) =>
  database.collection<{ _id: string; title: unknown }>("notices").findOne({ _id: id });

describe("personal data at rest", () => {
  it("is stored sealed and read back as text, in loads and lists", async () => {
    const store = await storeWith([key("k1")]);
    const id = crypto.randomUUID();
    await store.create({ type: "post", id, unitCode: "00004", title: "0987 654 321" }, meta);
    const raw = await stored(id);
    expect(raw?.title).toMatch(/^pd1\.k1\./);
    expect(raw?.title).not.toContain("0987 654 321");
    expect((await store.load(id))?.state.title).toBe("0987 654 321");
    const page = await store.list({ filter: { _id: id }, sort: { _id: 1 }, offset: 0, limit: 5 });
    expect(page.items[0]?.state.title).toBe("0987 654 321");
  });

  it("does not open in another aggregate, nor without its key", async () => {
    const store = await storeWith([key("k1")]);
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    await store.create({ type: "post", id: a, unitCode: "00004", title: "Số nhà 12" }, meta);
    await store.create({ type: "post", id: b, unitCode: "00004", title: "Số nhà 34" }, meta);
    // A sealed value copied into another document is refused, not shown as the other's.
    await database
      .collection("notices")
      .updateOne({ _id: b as never }, { $set: { title: (await stored(a))?.title } });
    await expect(store.load(b)).rejects.toBeInstanceOf(SealedValueError);
    // Another service's keys (or a stolen copy of the database without them) open nothing.
    await expect((await storeWith([key("k1")])).load(a)).rejects.toBeInstanceOf(SealedValueError);
  });

  it("keeps opening with the old key after a rotation, and seals with the new one", async () => {
    const old = key("2026-06");
    const id = crypto.randomUUID();
    await (await storeWith([old])).create(
      { type: "post", id, unitCode: "00004", title: "ba@example.vn" },
      meta,
    );
    const rotated = await storeWith([key("2026-12"), old]);
    expect((await rotated.load(id))?.state.title).toBe("ba@example.vn");
    const other = crypto.randomUUID();
    await rotated.create({ type: "post", id: other, unitCode: "00004", title: "x" }, meta);
    expect((await stored(other))?.title).toMatch(/^pd1\.2026-12\./);
  });

  it("reads a value stored before sealing was turned on as it is", async () => {
    const id = crypto.randomUUID();
    await (
      await createAggregateStore(noticeAggregate, { database, onWrite: () => undefined })
    ).create({ type: "post", id, unitCode: "00004", title: "Trước khi mã hoá" }, meta);
    expect((await (await storeWith([key("k1")])).load(id))?.state.title).toBe("Trước khi mã hoá");
  });

  it("needs a cipher when an aggregate declares personal data", async () => {
    await expect(
      createAggregateStore(sealedNotices, { database, onWrite: () => undefined }),
    ).rejects.toThrow(/personal data/);
  });
});

describe("PERSONAL_DATA_KEYS", () => {
  it("takes id:base64 keys of 32 bytes, the sealing one first, and names what is wrong", () => {
    expect(
      parsePersonalDataKeys(`${testPersonalDataKeys("a")},${testPersonalDataKeys("b")}`),
    ).toEqual([expect.objectContaining({ id: "a" }), expect.objectContaining({ id: "b" })]);
    for (const [text, message] of [
      ["", /no key/],
      ["k1:c2hvcnQ=", /32 bytes/],
      [`bad id!:${randomBytes(32).toString("base64")}`, /an id/],
      [`${testPersonalDataKeys("a")},${testPersonalDataKeys("a")}`, /same id/],
    ] as const) {
      expect(() => parsePersonalDataKeys(text), text).toThrow(ConfigError);
      expect(() => parsePersonalDataKeys(text), text).toThrow(message);
    }
  });
});

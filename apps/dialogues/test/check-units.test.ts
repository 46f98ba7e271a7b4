import { fileURLToPath } from "node:url";
import { openTestDatabase, runCommand, type TestDatabase, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Data stored before units were checked is reported, never changed or dropped.
const scope = testScope("dialogues-check-units");
let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase(scope);
});
afterAll(async () => {
  await db?.dispose();
});

const check = () =>
  runCommand(fileURLToPath(new URL("../src/tools/check-units.ts", import.meta.url)), [], {
    MONGO_URL: scope.mongoUrl,
    MONGO_DATABASE: scope.databaseName,
    KAFKA_BROKERS: scope.kafkaBrokers.join(","),
    JWT_ISSUER: "https://gateway.danvan.test",
    JWT_JWKS_URL: "http://127.0.0.1:9/jwks.json",
  });

describe("check:units", { timeout: 60_000 }, () => {
  it("passes stored records whose units were valid on their day", async () => {
    await db.connection.collection("petitions").insertMany([
      {
        _id: "p-1",
        reference: "KN-00004-2026-000001",
        unitCode: "00004",
        receivedAt: "2026-03-02T02:00:00.000Z",
      },
      // Quán Thánh was a ward until the reform: a petition of 2025 under it is as recorded.
      {
        _id: "p-2",
        reference: "KN-00013-2025-000001",
        unitCode: "00013",
        receivedAt: "2025-03-02T02:00:00.000Z",
      },
    ] as never[]);
    const run = check();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("all 2 records name a unit valid on their day");
  });

  it("lists those that were not, with the reason, and changes nothing", async () => {
    await db.connection.collection("petitions").insertOne({
      _id: "p-3",
      reference: "KN-00013-2026-000001",
      unitCode: "00013",
      receivedAt: "2026-03-02T02:00:00.000Z",
    } as never);
    await db.connection.collection("sessions").insertOne({
      _id: "s-1",
      title: "Đối thoại về đất đai",
      unitCode: "99999",
      scheduledAt: "2026-04-02T02:00:00.000Z",
    } as never);
    const run = check();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      "1 × Đơn vị Phường Quán Thánh (00013) đã sáp nhập vào Phường Ba Đình (00004) từ 01/07/2025",
    );
    expect(run.stdout).toContain("petitions p-3 (KN-00013-2026-000001), 00013 on 2026-03-02");
    expect(run.stdout).toContain("1 × Không có đơn vị hành chính nào mang mã 99999");
    expect(run.stdout).toContain(
      "2 of 4 records name a unit not valid on their day; nothing was changed",
    );
    expect(await db.connection.collection("petitions").countDocuments()).toBe(3);
  });
});

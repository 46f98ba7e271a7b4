import { fileURLToPath } from "node:url";
import { connectDatabase } from "@danvan/platform/mongo";
import {
  openTestDatabase,
  runCommand,
  type TestDatabase,
  testPersonalDataKeys,
  testScope,
} from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importAgencies } from "../src/application/agencies.ts";
import { createAgencyRegistry } from "../src/data/agencies.ts";

// Data stored before units and agencies were checked is reported, never changed or dropped.
const scope = testScope("dialogues-check-units");
let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase(scope);
  // Hà Nội's registry: one agency for good, one that ceased at the end of February 2026.
  const database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  await importAgencies({
    registry: await createAgencyRegistry(database),
    provinceCode: "01",
    list: {
      agencies: [
        { code: "SO-XD", name: "Sở Xây dựng", validFrom: "2020-01-01" },
        { code: "SO-CU", name: "Sở Cũ", validFrom: "2020-01-01", validTo: "2026-02-28" },
      ],
    },
    actor: "test",
    now: new Date(),
  });
  await database.close();
});
afterAll(async () => {
  await db?.dispose();
});

/** A stored petition of Ba Đình assigned to `agencyCode` on `assignedAt`. */
const assigned = (id: string, agencyCode: string, assignedAt: string) => ({
  _id: id,
  reference: `KN-00004-2026-${id}`,
  unitCode: "00004",
  receivedAt: "2026-01-05T02:00:00.000Z",
  agencyCode,
  timeline: [
    {
      version: 1,
      type: "vn.danvan.dialogues.petition.received.v1",
      at: "2026-01-05T02:00:00.000Z",
    },
    { version: 2, type: "vn.danvan.dialogues.petition.assigned.v1", at: assignedAt },
  ],
});

const check = () =>
  runCommand(fileURLToPath(new URL("../src/tools/check-units.ts", import.meta.url)), [], {
    MONGO_URL: scope.mongoUrl,
    MONGO_DATABASE: scope.databaseName,
    KAFKA_BROKERS: scope.kafkaBrokers.join(","),
    PERSONAL_DATA_KEYS: testPersonalDataKeys(),
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
      // Assigned while the agency was active: it ceased later.
      assigned("p-a1", "SO-CU", "2026-02-10T02:00:00.000Z"),
    ] as never[]);
    const run = check();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("all 3 records name units and agencies valid on their day");
  });

  it("lists those that were not, with the reason, and changes nothing", async () => {
    await db.connection.collection("petitions").insertOne({
      _id: "p-3",
      reference: "KN-00013-2026-000001",
      unitCode: "00013",
      receivedAt: "2026-03-02T02:00:00.000Z",
    } as never);
    await db.connection
      .collection("petitions")
      .insertMany([
        assigned("p-a2", "SO-CU", "2026-03-10T02:00:00.000Z"),
        assigned("p-a3", "SO-KHONG", "2026-03-10T02:00:00.000Z"),
      ] as never[]);
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
    expect(run.stdout).toContain("1 × Cơ quan Sở Cũ (SO-CU) đã thôi hoạt động từ 01/03/2026");
    expect(run.stdout).toContain("petitions p-a2 (KN-00004-2026-p-a2), SO-CU on 2026-03-10");
    expect(run.stdout).toContain(
      "1 × Không có cơ quan mã SO-KHONG trong danh mục cơ quan của Thành phố Hà Nội",
    );
    expect(run.stdout).toContain(
      "4 of 7 records name a unit or an agency not valid on their day; nothing was changed",
    );
    expect(await db.connection.collection("petitions").countDocuments()).toBe(6);
  });
});

import { fileURLToPath } from "node:url";
import {
  openTestDatabase,
  runCommand,
  type TestDatabase,
  testPersonalDataKeys,
  testScope,
} from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The demo data npm start loads: once, through the use cases (every change waits as an event).
const scope = testScope("dialogues-seed");
let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase(scope);
});
afterAll(async () => {
  await db?.dispose();
});

const seed = () =>
  runCommand(fileURLToPath(new URL("../src/tools/seed.ts", import.meta.url)), [], {
    MONGO_URL: scope.mongoUrl,
    MONGO_DATABASE: scope.databaseName,
    KAFKA_BROKERS: scope.kafkaBrokers.join(","),
    // The seed assembles the service as configured; it verifies no token and fetches no keys.
    PERSONAL_DATA_KEYS: testPersonalDataKeys(),
    JWT_ISSUER: "https://gateway.danvan.test",
    JWT_JWKS_URL: "http://127.0.0.1:9/jwks.json",
  });

describe("demo data", { timeout: 120_000 }, () => {
  it("loads sessions, holders and petitions in many states, each with its events, once", async () => {
    const first = seed();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/demo data loaded: 3 sessions, 3 reception holders, 18 petitions/);
    const petitions = await db.connection.collection("petitions").find().toArray();
    const statuses = new Set(petitions.map((p) => p.status));
    for (const status of [
      "received",
      "classified",
      "assigned",
      "in_progress",
      "answered",
      "resolved",
      "rejected",
      "forwarded",
    ]) {
      expect(statuses, status).toContain(status);
    }
    expect(petitions.every((p) => p.outbox.length === p.version)).toBe(true);

    const again = seed();
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already loaded/);
    expect(await db.connection.collection("petitions").countDocuments()).toBe(18);
  });
});

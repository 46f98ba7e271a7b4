import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { runCommand, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoUsers } from "../src/tools/demo-users.ts";
import { gatewayInstance } from "./fixtures.ts";

// The demo users npm start loads: once, each able to log in with the scope the demo data needs,
// and npm start's welcome lines tell the truth about them.
const scope = testScope("gateway-seed");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;

beforeAll(async () => {
  gateway = await gatewayInstance(scope);
});
afterAll(async () => {
  await gateway?.close();
});

const seed = () =>
  runCommand(fileURLToPath(new URL("../src/tools/seed.ts", import.meta.url)), [], {
    MONGO_URL: scope.mongoUrl,
    MONGO_DATABASE: scope.databaseName,
    PASSWORD_HASH_MEMORY_KIB: "1024",
    // The seed assembles the gateway as configured (it serves and consumes nothing).
    KAFKA_BROKERS: scope.kafkaBrokers.join(","),
    JWT_ISSUER: "https://gateway.danvan.test",
  });

describe("demo users", { timeout: 60_000 }, () => {
  it("load once, log in with the announced password, and carry their scopes", async () => {
    const first = seed();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/demo users loaded: admin, tinh.uy/);
    expect(seed().stdout).toMatch(/no demo users added/);
    expect((await gateway.admin.list({ sort: "name", offset: 0, limit: 100 })).total).toBe(
      demoUsers.length,
    );

    const badinh = await gateway.login("ba.dinh", DEMO_PASSWORD);
    expect(badinh.body.user).toMatchObject({ roles: ["commune_officer"], units: ["00004"] });
    const admin = await gateway.login("admin", DEMO_PASSWORD);
    expect(admin.body.user).toMatchObject({ roles: ["province_admin"] });

    const manifest = JSON.parse(
      await readFile(new URL("../package.json", import.meta.url), "utf8"),
    ) as { danvan: { welcome: string[] } };
    const welcome = manifest.danvan.welcome.join("\n");
    expect(welcome).toContain(DEMO_PASSWORD);
    for (const user of demoUsers) expect(welcome).toContain(user.username);
  });
});

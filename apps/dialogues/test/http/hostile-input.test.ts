import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

// For every operation with a body in the OpenAPI document, bad bodies generated from its schema
// (wrong types, unknown keys, operator objects, huge strings, not-objects) get a 4xx and leave
// the database exactly as it was (issue 4, "hostile input").
const scope = testScope("dialogues-hostile");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;
let admin: string;

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  admin = await instance.tokens.sign({ sub: "admin", roles: ["province_admin"] });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
});

/** Dates no calendar covers: before 1900, past 2100, past year 9999 once in UTC, impossible. */
const IMPOSSIBLE_DATES = [
  "0000-01-01",
  "0020-02-29",
  "9999-12-31",
  "+010000-01",
  "2025-02-30",
  "1899-12-31T23:59:59Z",
  "9999-12-31T23:59:59-12:00",
];

const wrongValue = (schema: JsonSchema & { format?: string }): unknown[] => {
  switch (schema.type) {
    case "string":
      return [
        42,
        true,
        ["x"],
        { $gt: "" },
        "x".repeat(200_000),
        ...(schema.format?.startsWith("date") ? IMPOSSIBLE_DATES : []),
      ];
    case "integer":
    case "number":
      return ["7", -1e12, 1.5, { $gt: 0 }];
    case "boolean":
      return ["true", 1];
    case "array":
      return ["a", { 0: "x" }, Array.from({ length: 10_000 }, () => "x")];
    default:
      return [42, "x", []];
  }
};

function badBodies(schema: JsonSchema): unknown[] {
  const bodies: unknown[] = [
    [],
    "text",
    null,
    42,
    { zzzUnknownKey: 1 },
    { $where: "1" },
    { "a.b": 1 },
  ];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    for (const value of wrongValue(property)) bodies.push({ [name]: value });
  }
  return bodies;
}

async function databaseSnapshot() {
  const collections = await instance.database.connection.db?.listCollections().toArray();
  const counts: Record<string, number> = {};
  for (const { name } of collections ?? []) {
    counts[name] = await instance.database.collection(name).countDocuments();
  }
  return counts;
}

describe("hostile input", () => {
  it("is refused with 4xx on every operation, and changes nothing", async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: { "application/json": { schema: JsonSchema } } } }
        >
      >;
    };
    const before = await databaseSnapshot();
    let cases = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const schema = operation.requestBody?.content["application/json"].schema;
        if (!schema) continue;
        const url = `${base}${path.replace("{id}", path.startsWith("/reception-holders") ? "holder-1" : crypto.randomUUID())}`;
        for (const body of badBodies(schema)) {
          const response = await fetch(url, {
            method: method.toUpperCase(),
            headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
            body: JSON.stringify(body),
          });
          expect(
            response.status,
            `${method} ${path} ${JSON.stringify(body).slice(0, 60)}`,
          ).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(180);
    expect(await databaseSnapshot()).toEqual(before);
  });

  it("refuses hostile query strings on the list", async () => {
    for (const query of [
      "status[$ne]=x",
      `q=${"x".repeat(300)}`,
      "page=-1",
      "pageSize=abc",
      "from=2026-13-45",
      "__proto__[x]=1",
      ...IMPOSSIBLE_DATES.flatMap((date) => [`from=${date}`, `to=${encodeURIComponent(date)}`]),
    ]) {
      const response = await fetch(`${base}/petitions?${query}`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(response.status, query).toBe(400);
    }
  });
});

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

const scope = testScope("dialogues-openapi");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
});

describe("the OpenAPI document", () => {
  it("describes every route the app serves, with the schemas it validates", async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: { "application/json": { schema: { additionalProperties?: boolean } } };
            };
          }
        >
      >;
    };
    expect(document.openapi).toBe("3.1.0");
    const paths = Object.keys(document.paths);
    const commands = (prefix: string) =>
      paths.filter((p) => p.startsWith(prefix) && document.paths[p]?.post);
    expect(commands("/petitions/{id}/")).toHaveLength(22);
    expect(commands("/sessions/{id}/")).toHaveLength(6);
    expect(paths).toEqual(
      expect.arrayContaining(["/petitions/{id}/timeline", "/sessions/{id}/timeline"]),
    );
    expect(
      document.paths["/petitions"]?.post?.requestBody?.content["application/json"].schema
        .additionalProperties,
    ).toBe(false);

    // Each documented operation exists: without a token it is refused (401), never unknown (404).
    const id = "0193a6f0-7c1e-7b21-9d3f-5a1e2b3c4d5e";
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        const url = `${base}${path.replace("{id}", path.startsWith("/reception-holders") ? "holder-1" : id)}`;
        const response = await fetch(url, {
          method: method.toUpperCase(),
          headers: { "content-type": "application/json" },
          body: method === "get" ? null : "{}",
        });
        expect(response.status, `${method} ${path}`).toBe(401);
      }
    }
  });
});

import { readFile } from "node:fs/promises";
import { readmeHasAccessTable, readmeHasConfigTable } from "@danvan/platform/readme";
import { describe, expect, it } from "vitest";
import { configSchema } from "../src/config.ts";
import { accessPolicy } from "../src/domain/access.ts";

describe("README", () => {
  const readme = () => readFile(new URL("../README.md", import.meta.url), "utf8");

  it("lists the configuration as src/config.ts defines it (npm run docs:readme -w apps/gateway)", async () => {
    expect(readmeHasConfigTable(await readme(), configSchema)).toBe(true);
  });

  it("prints the access policy as src/domain/access.ts defines it (npm run docs:readme -w apps/gateway)", async () => {
    expect(readmeHasAccessTable(await readme(), accessPolicy)).toBe(true);
  });
});

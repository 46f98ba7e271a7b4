import { readFile } from "node:fs/promises";
import { readmeHasConfigTable } from "@danvan/platform/readme";
import { describe, expect, it } from "vitest";
import { configSchema } from "../server/config.ts";

describe("README", () => {
  it("lists the configuration as server/config.ts defines it (npm run docs:readme -w apps/web)", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    expect(readmeHasConfigTable(readme, configSchema)).toBe(true);
  });
});

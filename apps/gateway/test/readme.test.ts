import { readFile } from "node:fs/promises";
import { readmeHasConfigTable } from "@danvan/platform/config";
import { describe, expect, it } from "vitest";
import { configSchema } from "../src/config.ts";

describe("README", () => {
  it("lists the configuration as src/config.ts defines it (npm run docs:config -w apps/gateway)", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    expect(readmeHasConfigTable(readme, configSchema)).toBe(true);
  });
});

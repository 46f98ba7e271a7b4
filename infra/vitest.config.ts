import { defineConfig } from "vitest/config";

// Unit tests of the tooling itself; the real broker and database are exercised by
// packages/testing, whose global setup is built on this package.
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
  },
});

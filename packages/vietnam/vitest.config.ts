import { defineConfig } from "vitest/config";

// Pure functions only: no global setup, no infrastructure. The JSON report feeds `npm test`'s totals.
export default defineConfig({
  test: {
    setupFiles: ["./test/setup.ts"],
    reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
  },
});

import { defineConfig } from "vitest/config";

// Pure functions only: no global setup, no infrastructure. The JSON report feeds `npm test`'s totals.
export default defineConfig({
  test: {
    // npm test runs every package's tests at once on 2 cores: CPU-bound property tests can take
    // well over vitest's default 5 s there without anything being wrong.
    testTimeout: 30_000,
    setupFiles: ["./test/setup.ts"],
    reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
  },
});

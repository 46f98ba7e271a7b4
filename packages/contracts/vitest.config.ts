import { defineConfig } from "vitest/config";

// Pure schemas: no infrastructure.
export default defineConfig({
  test: {
    // npm test runs every package's tests at once on 2 cores: CPU-bound property tests can take
    // well over vitest's default 5 s there without anything being wrong.
    testTimeout: 30_000,
    reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
  },
});

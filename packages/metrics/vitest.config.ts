import { defineConfig } from "vitest/config";

// Pure schemas: no infrastructure.
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
  },
});

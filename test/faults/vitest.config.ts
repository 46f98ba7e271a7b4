import { defineConfig } from "vitest/config";

// Each file brings up its own broker and database (they are stopped on purpose) and runs the
// services as processes: one file at a time, on a 2-core machine; long rows, long timeouts.
export default defineConfig({
  test: {
    include: ["*.test.ts"],
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 300_000,
    reporters: ["default"],
  },
});

import { fileURLToPath } from "node:url";
import type { ViteUserConfig } from "vitest/config";

/** Where each workspace's run leaves its machine-readable results, for `npm test`'s totals. */
export const RESULTS_FILE = ".vitest/results.json";

export interface TestConfigOptions {
  /** Overrides the global setup; this package points it at its own source. */
  globalSetup?: string;
}

/**
 * The vitest configuration every workspace uses: real infrastructure from the shared global
 * setup, timeouts sized for Kafka group joins, and a JSON report beside the console output.
 */
export function testConfig(options: TestConfigOptions = {}): ViteUserConfig {
  return {
    test: {
      globalSetup: [options.globalSetup ?? fileURLToPath(import.meta.resolve("./global-setup.js"))],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      reporters: ["default", ["json", { outputFile: RESULTS_FILE }]],
      // Every HTTP answer of a declared route is checked against its declared schema.
      env: { DANVAN_CHECK_RESPONSES: "1" },
    },
  };
}

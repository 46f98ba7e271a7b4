import { testConfig } from "@danvan/testing/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

// The browser stories start a gateway, the dialogues service, the web app and Chromium each:
// longer hooks than the default.
export default mergeConfig(
  defineConfig(testConfig()),
  defineConfig({ test: { include: ["test/**/*.test.ts"], hookTimeout: 300_000 } }),
);

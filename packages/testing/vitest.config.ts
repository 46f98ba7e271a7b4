import { defineConfig } from "vitest/config";
import { testConfig } from "./src/vitest-config.ts";

// Source, not dist: this package tests its own global setup.
export default defineConfig(testConfig({ globalSetup: "./src/global-setup.ts" }));

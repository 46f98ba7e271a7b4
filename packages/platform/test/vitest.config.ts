import { testConfig } from "@danvan/testing/vitest-config";
import { defineConfig } from "vitest/config";

export default defineConfig(testConfig());

import { fileURLToPath } from "node:url";
import { runCommand } from "@danvan/testing";
import { describe, expect, it } from "vitest";

// The gateway's commands answer --help without any configuration, and refuse unknown options.
describe("the gateway commands", { timeout: 60_000 }, () => {
  for (const tool of ["seed", "rebuild"]) {
    it(`${tool} answers --help and refuses unknown options`, () => {
      const entry = fileURLToPath(new URL(`../src/tools/${tool}.ts`, import.meta.url));
      const help = runCommand(entry, ["--help"]);
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^usage: npm run ${tool} -w apps/gateway`));
      expect(runCommand(entry, ["--bogus"]).status).toBe(2);
    });
  }
});

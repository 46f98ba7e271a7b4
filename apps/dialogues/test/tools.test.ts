import { fileURLToPath } from "node:url";
import { runCommand } from "@danvan/testing";
import { describe, expect, it } from "vitest";

// The service's commands answer --help without any configuration, and refuse unknown options.
describe("the dialogues commands", { timeout: 60_000 }, () => {
  it("seed answers --help and refuses unknown options", () => {
    const seed = fileURLToPath(new URL("../src/tools/seed.ts", import.meta.url));
    const help = runCommand(seed, ["--help"]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run seed -w apps\/dialogues/);
    expect(runCommand(seed, ["--bogus"]).status).toBe(2);
  });

  it("check:units answers --help and refuses unknown options", () => {
    const checkUnits = fileURLToPath(new URL("../src/tools/check-units.ts", import.meta.url));
    const help = runCommand(checkUnits, ["--help"]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run check:units -w apps\/dialogues/);
    expect(runCommand(checkUnits, ["--bogus"]).status).toBe(2);
  });
});

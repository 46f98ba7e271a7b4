import { fileURLToPath } from "node:url";
import { runCommand } from "@danvan/testing";
import { describe, expect, it } from "vitest";

// The kit's commands answer --help without reading any configuration, and refuse what they do
// not know with exit code 2 (wrong usage).
// The built commands, as the bins run them (this workspace sits in the platform's folder).
const entry = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

describe("the kit's commands", { timeout: 60_000 }, () => {
  for (const [name, path] of [
    ["danvan-dead-letters", "dist/messaging/dead-letters-cli.js"],
    ["danvan-readme", "dist/readme/cli.js"],
  ] as const) {
    it(`${name} answers --help and refuses unknown options`, () => {
      const help = runCommand(entry(path), ["--help"]);
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^usage: ${name}`));
      expect(help.stdout).toContain("--help");
      const unknown = runCommand(entry(path), ["--bogus"]);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toMatch(/Unknown option '--bogus'/);
    });
  }

  it("danvan-dead-letters says what is missing before connecting anywhere", () => {
    const run = runCommand(entry("dist/messaging/dead-letters-cli.js"), ["list"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--group is required/);
  });
});

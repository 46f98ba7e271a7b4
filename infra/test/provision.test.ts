import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// infra cannot use @danvan/testing (which depends on it): the command is run here by hand, with
// no environment but PATH, so that --help is seen to need nothing.
const entry = fileURLToPath(new URL("../kafka/provision.ts", import.meta.url));
const runCommand = (_entry: string, args: string[]) =>
  spawnSync(process.execPath, [entry, ...args], {
    env: { PATH: process.env.PATH ?? "" },
    encoding: "utf8",
  });

describe("topics:provision", { timeout: 60_000 }, () => {
  it("answers --help without a broker, and refuses unknown options", () => {
    const help = runCommand(entry, ["--help"]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run topics:provision/);
    expect(help.stdout).toContain("KAFKA_BROKERS");
    expect(runCommand(entry, ["--bogus"]).status).toBe(2);
  });

  it("names the missing broker list instead of trying to connect", () => {
    const run = runCommand(entry, []);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/KAFKA_BROKERS/);
  });
});

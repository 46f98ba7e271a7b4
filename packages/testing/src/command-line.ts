import { spawnSync } from "node:child_process";

/**
 * Runs a command-line entry point (a .ts file runs as is on Node 24) to its end, with only the
 * environment given (and PATH): `--help` must then answer without any configuration, which
 * proves it does nothing else.
 */
export function runCommand(entry: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, [entry, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

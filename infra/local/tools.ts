import { spawn } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** What to install for each tool local infrastructure may need, for the one error message. */
const INSTALL_HINTS: Record<string, string> = {
  java: "Java 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jre-headless)",
  mvn: "Maven 3.8 or newer (Debian/Ubuntu: apt-get install maven)",
  go: "Go 1.24 or newer (Debian/Ubuntu: apt-get install golang, or https://go.dev/dl/)",
  docker: "Docker with the compose plugin",
};

export async function findOnPath(tool: string, env = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, tool);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Fails with one message naming every missing tool and how to get it. */
export async function requireTools(tools: string[], env = process.env): Promise<void> {
  const missing: string[] = [];
  for (const tool of tools) {
    if ((await findOnPath(tool, env)) === undefined) missing.push(tool);
  }
  if (missing.length === 0) return;
  throw new Error(
    [
      `local infrastructure needs ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not on PATH. Install:`,
      ...missing.map((tool) => `  - ${tool}: ${INSTALL_HINTS[tool] ?? tool}`),
      "Or install Docker: with a Docker engine running, infra/local uses docker compose instead.",
    ].join("\n"),
  );
}

export interface RunResult {
  code: number;
  output: string;
}

/** Runs a command to completion, capturing stdout and stderr together. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs,
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (error) => resolve({ code: -1, output: `${output}${error.message}` }));
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

/** Runs a command that must succeed; on failure the error carries the end of its output. */
export async function runOrThrow(
  what: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const lastLines = result.output.trimEnd().split("\n").slice(-30).join("\n");
    throw new Error(`${what} failed (${command} exited with ${result.code}):\n${lastLines}`);
  }
  return result.output;
}

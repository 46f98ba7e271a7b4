import { type ChildProcess, spawn } from "node:child_process";

/** A service started as operators start it: a Node process configured by its environment. */
export interface ServiceProcess {
  /** Everything the process wrote so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Its process id. */
  readonly pid: number | undefined;
  /** Resolves when the process exits, with its code. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL if still running (for afterAll). */
  kill(): void;
}

/**
 * Spawns `node <entry>` with exactly `env` (plus PATH). `started` resolves with the first match of
 * `ready` in stdout — e.g. the port of a "listening" log line — or rejects with the output if the
 * process exits first.
 */
export function spawnService(
  entry: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp = /(?!)/,
): ServiceProcess & { started: Promise<RegExpExecArray> } {
  const child: ChildProcess = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const started = new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = ready.exec(stdout);
      if (match) resolve(match);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    void exited.then((code) =>
      reject(new Error(`exited with ${code}:\n${stderr.slice(-2000)}${stdout.slice(-2000)}`)),
    );
  });
  // Callers that only await `exited` must not see an unhandled rejection.
  started.catch(() => {});
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    pid: child.pid,
    exited,
    started,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

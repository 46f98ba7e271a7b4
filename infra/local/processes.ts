import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A background process this project started. `marker` is a string its command line must contain
 * (a path inside our state folder), so a recycled pid is never mistaken for ours and killed.
 */
export interface ManagedProcess {
  name: string;
  pidFile: string;
  marker: string;
}

export async function readPid(pidFile: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(pidFile, "utf8")).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function commandLine(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, "utf8")).replaceAll("\0", " ");
  } catch {
    // No /proc (macOS): ask ps.
    return new Promise((resolve) => {
      const ps = spawn("ps", ["-o", "command=", "-p", String(pid)], {
        stdio: ["ignore", "pipe", "ignore"],
      });
      let out = "";
      ps.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      ps.on("error", () => resolve(undefined));
      ps.on("close", (code) => resolve(code === 0 && out.trim() ? out : undefined));
    });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid of the managed process if it runs now, else undefined. */
export async function runningPid(proc: ManagedProcess): Promise<number | undefined> {
  const pid = await readPid(proc.pidFile);
  if (pid === undefined || !isAlive(pid)) return undefined;
  const cmd = await commandLine(pid);
  // A zombie has an empty command line; it is not running in any useful sense.
  return cmd?.includes(proc.marker) ? pid : undefined;
}

export interface StartOptions {
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Starts a process that outlives us, its output appended to logFile, and records its pid. */
export async function startDetached(proc: ManagedProcess, options: StartOptions): Promise<number> {
  await mkdir(dirname(options.logFile), { recursive: true });
  await mkdir(dirname(proc.pidFile), { recursive: true });
  const log = openSync(options.logFile, "a");
  try {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ["ignore", log, log],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("spawn", () => resolve(child.pid as number));
    });
    child.unref();
    await writeFile(proc.pidFile, `${pid}\n`);
    return pid;
  } finally {
    closeSync(log);
  }
}

export type StopOutcome = "not running" | "stopped" | "killed";

/** SIGTERM, then SIGKILL after the grace period; only if the pid is still ours. */
export async function stopManaged(proc: ManagedProcess, graceMs = 20_000): Promise<StopOutcome> {
  const pid = await runningPid(proc);
  if (pid === undefined) {
    await rm(proc.pidFile, { force: true });
    return "not running";
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid) || (await runningPid(proc)) === undefined) {
      await rm(proc.pidFile, { force: true });
      return "stopped";
    }
    await sleep(100);
  }
  process.kill(pid, "SIGKILL");
  await rm(proc.pidFile, { force: true });
  return "killed";
}

/** True when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

/** The last lines of a log file, for error messages. */
export async function tail(file: string, lines = 25): Promise<string> {
  try {
    const text = await readFile(file, "utf8");
    return text.trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * A cross-process lock held while starting or stopping, so that two commands (say two test
 * runners) never start two brokers into one data folder. Stale locks of dead holders are taken over.
 */
export async function withLock<T>(
  lockDir: string,
  action: () => Promise<T>,
  waitMs = 15 * 60_000,
): Promise<T> {
  await mkdir(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(`${lockDir}/pid`, `${process.pid}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readPid(`${lockDir}/pid`);
      if (holder === undefined || !isAlive(holder)) {
        // The holder died (or is between mkdir and writing its pid: give it a moment first).
        await sleep(200);
        const again = await readPid(`${lockDir}/pid`);
        if (again === holder && (again === undefined || !isAlive(again))) {
          await rm(lockDir, { recursive: true, force: true });
        }
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`another command (pid ${holder}) holds ${lockDir}; is it stuck?`);
      }
      await sleep(250);
    }
  }
  try {
    return await action();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

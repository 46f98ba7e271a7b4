import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManagedProcess } from "../local/processes.ts";
import { runningPid, startDetached, stopManaged, withLock } from "../local/processes.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "danvan-processes-"));
});

const strangers: number[] = [];
afterAll(() => {
  for (const pid of strangers) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

function sleeper(marker: string): ManagedProcess {
  return { name: "sleeper", pidFile: join(dir, `${marker}.pid`), marker };
}

describe("managed processes", () => {
  it("starts a detached process, finds it by pid and marker, and stops it", async () => {
    const proc = sleeper(join(dir, "marker-a"));
    // The marker travels in the command line, as the data folder does for Kafka and FerretDB.
    const pid = await startDetached(proc, {
      command: "sh",
      args: ["-c", "sleep 60", proc.marker],
      logFile: join(dir, "a.log"),
    });

    expect(await runningPid(proc)).toBe(pid);
    expect(await stopManaged(proc)).toBe("stopped");
    expect(await runningPid(proc)).toBeUndefined();
    expect(existsSync(proc.pidFile)).toBe(false);
  });

  it("never stops a process that is not ours, even when a pid file names it", async () => {
    const stranger = spawn("sleep", ["60"], { stdio: "ignore" });
    strangers.push(stranger.pid as number);
    const proc = sleeper(join(dir, "marker-b"));
    await writeFile(proc.pidFile, `${stranger.pid}\n`);

    expect(await runningPid(proc)).toBeUndefined();
    expect(await stopManaged(proc)).toBe("not running");
    expect(() => process.kill(stranger.pid as number, 0)).not.toThrow();
  });

  it("reports a stale pid file as not running", async () => {
    const proc = sleeper(join(dir, "marker-c"));
    await writeFile(proc.pidFile, "999999999\n");
    expect(await runningPid(proc)).toBeUndefined();
  });
});

describe("the start/stop lock", () => {
  it("lets one holder in at a time", async () => {
    const lock = join(dir, "lock-1");
    const events: string[] = [];
    const hold = (name: string) =>
      withLock(lock, async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`${name} out`);
      });

    await Promise.all([hold("a"), hold("b")]);

    expect(events).toHaveLength(4);
    expect(events[0]?.endsWith("in") && events[1]?.endsWith("out")).toBe(true);
    expect(events[0]?.[0]).toBe(events[1]?.[0]);
  });

  it("takes over a lock whose holder died", async () => {
    const lock = join(dir, "lock-2");
    await withLock(lock, async () => {
      await writeFile(join(lock, "pid"), "999999999\n");
    }).catch(() => {});
    const { mkdir } = await import("node:fs/promises");
    await mkdir(lock);
    await writeFile(join(lock, "pid"), "999999999\n");

    const result = await withLock(lock, async () => readFile(join(lock, "pid"), "utf8"), 5000);

    expect(result.trim()).toBe(String(process.pid));
  });
});

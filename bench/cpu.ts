// CPU time spent by this process and by the local infrastructure's processes (Kafka, FerretDB)
// over a stretch of a benchmark: what a command costs the machine, which bounds the rate it can
// take. The infrastructure's share is read from /proc (Linux, infra/local in processes mode);
// with Docker or elsewhere only this process is measured.
import { readFile } from "node:fs/promises";
import { status } from "@danvan/infra/local";

/** CPU ms of a process so far, from /proc/<pid>/stat (user + system, in clock ticks of 10 ms). */
async function cpuOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const ownCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Starts measuring; `stop()` gives each process's CPU ms since, by name. */
export async function measureCpu(): Promise<{ stop(): Promise<Map<string, number>> }> {
  const infrastructure = await status().catch(() => undefined);
  const others = (infrastructure?.components ?? []).flatMap((c) =>
    c.pid !== undefined ? [{ name: c.name, pid: c.pid }] : [],
  );
  const start = new Map<string, number>([["this process", ownCpu()]]);
  for (const { name, pid } of others) {
    const cpu = await cpuOf(pid);
    if (cpu !== undefined) start.set(name, cpu);
  }
  return {
    async stop() {
      const spent = new Map<string, number>([
        ["this process", ownCpu() - (start.get("this process") ?? 0)],
      ]);
      for (const { name, pid } of others) {
        const cpu = await cpuOf(pid);
        const before = start.get(name);
        if (cpu !== undefined && before !== undefined) spent.set(name, cpu - before);
      }
      return spent;
    },
  };
}

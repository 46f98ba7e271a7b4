// Issue 5, benchmark 4: from a deadline passing to the alert in the dashboards (the change the
// live stream pushes). Target: p99 ≤ 5 s. Side by side in the same run: from the deadline to the
// dialogues service recording the fact (the became-overdue event's own time).
import type { DanvanEvent } from "@danvan/contracts";
import { latencyTable } from "./latency.ts";
import type { BenchEnvironment } from "./system.ts";
import { startSystem } from "./system.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_ROUND = 20;

export async function overdue(env: BenchEnvironment, progress: (line: string) => void) {
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  /** Real time (this process's clock) at which each petition's deadline passed. */
  const deadlinePassed = new Map<string, number>();
  const recorded: number[] = [];
  const alerted: number[] = [];
  const system = await startSystem(env, {
    name: "overdue",
    now: clock,
    onProjected: (envelope: DanvanEvent) => {
      const passed = deadlinePassed.get(envelope.subject);
      if (passed !== undefined && envelope.type.endsWith(".became-overdue.v1")) {
        // The event's time is on the service's (moved) clock: take the offset back out.
        recorded.push(Date.parse(envelope.time) - offset - passed);
      }
    },
  });
  system.gateway.feed.subscribe((change) => {
    if (change.kind !== "alert") return;
    const passed = deadlinePassed.get(change.alert.subject);
    if (passed !== undefined) alerted.push(Date.now() - passed);
  });
  try {
    const token = await system.login("badinh", "commune_officer", ["00004"]);
    const call = async (path: string, body: unknown) => {
      const response = await fetch(`${system.gatewayUrl}/api/v1/dialogues${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { id: string; deadline?: { dueAt: string } };
    };
    for (let round = 1; round <= ROUNDS; round++) {
      const due: { id: string; dueAt: number }[] = [];
      for (let i = 0; i < PER_ROUND; i++) {
        const { id } = await call("/petitions", {
          unitCode: "00004",
          source: "hotline",
          petitioner: { anonymous: true },
          content: `Vòng ${round}, kiến nghị ${i}`,
        });
        await call(`/petitions/${id}/classify`, { kind: "feedback", topics: [] });
        const assigned = await call(`/petitions/${id}/assign`, { agencyCode: "SO-XD" });
        due.push({ id, dueAt: Date.parse(assigned.deadline?.dueAt as string) });
      }
      // Move the service's clock so that the deadlines pass one second from now.
      const dueAt = Math.max(...due.map((d) => d.dueAt));
      offset = dueAt - Date.now() - 1000;
      for (const d of due) deadlinePassed.set(d.id, d.dueAt - offset);
      const expected = round * PER_ROUND;
      for (let wait = 0; wait < 300 && alerted.length < expected; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      progress(`  overdue: round ${round}/${ROUNDS}: ${alerted.length}/${expected} alerts`);
    }
    return latencyTable(
      "overdue",
      `${ROUNDS} rounds of ${PER_ROUND} petitions assigned through the gateway whose common deadline then passes (the dialogues service's clock is moved; its deadline sweep runs at its default, every 1 s). Measured from the instant the deadline passed. Target: p99 ≤ 5 s to the alert.`,
      [
        { name: "deadline → became-overdue recorded by dialogues (baseline)", samples: recorded },
        { name: "deadline → alert in the gateway's dashboards and streams", samples: alerted },
      ],
    );
  } finally {
    await system.stop();
  }
}

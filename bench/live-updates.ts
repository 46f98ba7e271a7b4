// Issue 14: a command accepted at the gateway → the server-sent event on every connected
// dashboard, at 100 commands/s with 200 dashboards connected. Target: p99 ≤ 150 ms, median ≤
// 40 ms. The command is a petition's assignment whose answer period, started weeks before it was
// entered, is already over: the petition is overdue at once, and the alert streamed to the
// dashboards names it, so each command's event is known at each dashboard. Side by side: the
// same command's alert written in the gateway's read models. The dashboards run on a thread of
// their own (`dashboard-streams.ts`), as browsers would be elsewhere.
import { once } from "node:events";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { measureCpu } from "./cpu.ts";
import type { StreamsReport } from "./dashboard-streams.ts";
import { latencyTable } from "./latency.ts";
import { atRate } from "./load.ts";
import type { BenchEnvironment } from "./system.ts";
import { startSystem } from "./system.ts";

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const DASHBOARDS = Number(process.env.BENCH_DASHBOARDS ?? 200);
const DAY = 24 * 60 * 60 * 1000;

/** Runs `work(i)` for i < count, `parallel` at a time. */
async function inParallel(count: number, parallel: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < count; i = next++) await work(i);
    }),
  );
}

export async function liveUpdates(env: BenchEnvironment, progress: (line: string) => void) {
  /** When each petition's alert was written in the gateway's read models. */
  const alertWrittenAt = new Map<string, number>();
  /** Times comparable with the dashboards' thread. */
  const now = () => performance.timeOrigin + performance.now();
  let classifiedProjected = 0;
  const system = await startSystem(env, {
    name: "live",
    onProjected: (event) => {
      if (event.type === "vn.danvan.dialogues.petition.became-overdue.v1") {
        alertWrittenAt.set(event.subject, now());
      } else if (event.type === "vn.danvan.dialogues.petition.classified.v1") {
        classifiedProjected += 1;
      }
    },
  });
  let streams: Worker | undefined;
  try {
    const token = await system.login("badinh", "commune_officer", ["00004"]);
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${system.gatewayUrl}/api/v1/dialogues${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { id?: string } };
    };

    // Petitions that arrived by mail 25 days ago, entered and classified now: ready to assign.
    const total = RATE * SECONDS;
    const arrived = new Date(Date.now() - 25 * DAY).toISOString();
    const ready: string[] = [];
    progress(`  live-updates: entering ${total} petitions that arrived 25 days ago`);
    await inParallel(total, 8, async (i) => {
      const received = await post("/petitions", {
        unitCode: "00004",
        source: "mail",
        petitioner: { anonymous: true },
        content: `Thư kiến nghị số ${i} về vệ sinh môi trường`,
        receivedAt: arrived,
      });
      const id = received.body.id as string;
      await post(`/petitions/${id}/classify`, { kind: "feedback", topics: ["môi trường"] });
      ready.push(id);
    });

    // Measured from a quiet start: the entries' events projected before the first assignment.
    for (let waited = 0; classifiedProjected < total && waited < 120_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    progress(`  live-updates: connecting ${DASHBOARDS} dashboards`);
    streams = new Worker(new URL("./dashboard-streams.ts", import.meta.url), {
      workerData: {
        url: `${system.gatewayUrl}/api/v1/stream?access_token=${token}`,
        count: DASHBOARDS,
      },
    });
    await once(streams, "message");

    progress(`  live-updates: ${RATE} assignments/s for ${SECONDS} s, each overdue at once`);
    const acceptedAt = new Map<string, number>();
    const cpu = await measureCpu();
    streams.postMessage("load");
    await atRate(
      async (i) => {
        const id = ready[i] as string;
        const assigned = await post(`/petitions/${id}/assign`, {
          agencyCode: "SO-TNMT",
          legalStart: arrived,
        });
        if (assigned.status === 200) acceptedAt.set(id, now());
      },
      RATE,
      SECONDS,
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const spent = await cpu.stop();
    streams.postMessage("report");
    const [report] = (await once(streams, "message")) as [StreamsReport];
    const receivedAt = new Map(report.receipts);

    const toDashboards: number[] = [];
    const toReadModel: number[] = [];
    let missing = 0;
    for (const [id, accepted] of acceptedAt) {
      const written = alertWrittenAt.get(id);
      if (written !== undefined) toReadModel.push(Math.max(0, written - accepted));
      const times = receivedAt.get(id) ?? [];
      missing += DASHBOARDS - times.length;
      // An event streamed before the 201 reached the client counts as 0: it was there at once.
      for (const at of times) toDashboards.push(Math.max(0, at - accepted));
    }
    // The dashboards' thread is the browsers' share, not the services'.
    const { "this process": all = 0, ...infrastructure } = Object.fromEntries(spent);
    const shares = [
      ["the services and the load (this process's other threads)", all - report.cpuMs],
      ["the dashboards' thread", report.cpuMs],
      ...Object.entries(infrastructure),
    ] as const;
    const perCommand = shares
      .map(([name, ms]) => `${name} ${(ms / acceptedAt.size).toFixed(1)} ms`)
      .join(", ");
    const cores = shares.reduce((sum, [, ms]) => sum + ms, 0) / ((SECONDS + 3) * 1000);
    const table = latencyTable(
      "live-updates",
      `${RATE} assignments/s through the gateway for ${SECONDS} s, each making its petition overdue at once (its answer period began 25 days before), with ${DASHBOARDS} dashboards connected to \`/api/v1/stream\` as a commune officer; everything in this process on the local broker and FerretDB. Accepted: ${acceptedAt.size}; alerts a dashboard never received: ${missing}. Target: p99 ≤ 150 ms, median ≤ 40 ms from the 201 to the event at each dashboard.`,
      [
        {
          name: "accepted (201) → alert in the gateway's read model (baseline)",
          samples: toReadModel,
        },
        {
          name: `accepted (201) → alert event at each of ${DASHBOARDS} dashboards`,
          samples: toDashboards,
        },
      ],
    );
    // What each command cost the machine: at the rate asked, the cores it kept busy.
    return `${table}\nCPU per assignment during the load and the 3 s after it: ${perCommand}; ${cores.toFixed(2)} cores busy on average (the machine has ${availableParallelism()}).\n`;
  } finally {
    await streams?.terminate();
    await system.stop();
  }
}

// Issue 5, benchmark 3: replay 100,000 petition events into fresh read models. Target: ≥ 5,000
// events/s on FerretDB, and the result identical to the models the live gateway group projected.
// Side by side in the same run: reading the same events off Kafka without doing anything.

import { toKafkaRecord } from "@danvan/contracts";
import type { ReadSide } from "@danvan/gateway/read-side";
import { readSideContents } from "@danvan/gateway/read-side";
import { rebuildReadModels } from "@danvan/gateway/rebuild";
import { createLogger } from "@danvan/platform/log";
import { createEventProducer, createKafkaClient } from "@danvan/platform/messaging";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { petitionStory } from "../apps/dialogues/test/petition-stories.ts";
import type { BenchEnvironment } from "./system.ts";
import { startSystem } from "./system.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const UNITS = ["00004", "00082", "00016", "00028"];
const ENDINGS = ["on-time", "late", "overdue", "open"] as const;

/** What a reader sees of a read side. */
const contents = (side: ReadSide) => readSideContents(side, { withEmptyFigures: false });
type Contents = Awaited<ReturnType<typeof contents>>;

/** Where two read sides differ first, per kind of document: for finding out why, not only that. */
function differences(live: Contents, rebuilt: Contents): string[] {
  const found: string[] = [];
  for (const kind of ["petitions", "alerts", "figures"] as const) {
    const a = live[kind].map((d) => JSON.stringify(d));
    const b = rebuilt[kind].map((d) => JSON.stringify(d));
    if (a.length !== b.length) found.push(`${kind}: ${a.length} live, ${b.length} rebuilt`);
    const at = a.findIndex((d, i) => d !== b[i]);
    if (at >= 0) found.push(`${kind}, first difference:\n  live    ${a[at]}\n  rebuilt ${b[at]}`);
  }
  return found;
}

export async function rebuild(env: BenchEnvironment, progress: (line: string) => void) {
  const system = await startSystem(env, { name: "rebuild" });
  const topic = `${system.prefix}.dialogues.petition.events`;
  try {
    // 1. The events, published as the dialogues relay would, and projected by the live group.
    const producer = createEventProducer(
      createKafkaClient({ clientId: "bench-publisher", brokers: env.kafkaBrokers }),
    );
    await producer.connect();
    // Open stories have three events, the others four: stories are told until EVENTS are out.
    let published = 0;
    let stories = 0;
    let batch = [];
    while (published < EVENTS) {
      const n = stories++;
      const events = petitionStory({
        id: `0193a6f0-7c1e-7b21-9d3f-${n.toString(16).padStart(12, "0")}`,
        unitCode: UNITS[n % UNITS.length] as string,
        receivedAt: new Date(Date.UTC(2026, n % 12, 1 + (n % 28), 2)),
        // Every commune gets every ending (n % 4 would give each commune one).
        ending: ENDINGS[Math.floor(n / UNITS.length) % 4] as (typeof ENDINGS)[number],
        topic: n % 3 ? "đất đai" : "môi trường",
      });
      batch.push(...events);
      published += events.length;
      if (batch.length >= 400 || published >= EVENTS) {
        await producer.publish(batch.map((e) => ({ topic, ...toKafkaRecord(e) })));
        batch = [];
      }
    }
    await producer.disconnect();
    progress(
      `  rebuild: ${published} events (${stories} petitions) published; waiting for the live group to project them`,
    );
    const live = system.gateway.readSide.current;
    for (;;) {
      // Every story ends with its fourth event, or its third when left open.
      const done = await live.store.petitions.countDocuments({
        $or: [{ version: 4 }, { version: 3, status: "assigned", overdue: false }],
      });
      if (done >= stories) break;
      progress(`  rebuild: the live group has projected ${done}/${stories} petitions fully`);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    progress("  rebuild: reading the live read models to compare with");
    const expected = await contents(live);
    progress("  rebuild: baseline — reading the events off Kafka only");

    // 2. Baseline: the same events read off Kafka and dropped.
    const kafka = createKafkaClient({ clientId: "bench-read", brokers: env.kafkaBrokers });
    const admin = kafka.admin();
    await admin.connect();
    const partitions = (await admin.fetchTopicOffsets(topic)).length;
    await admin.disconnect();
    const reader = kafka.consumer({ groupId: `${system.prefix}-read-only`, maxWaitTimeInMs: 100 });
    let read = 0;
    const readStarted = performance.now();
    let readDone: () => void = () => {};
    const allRead = new Promise<void>((resolve) => {
      readDone = resolve;
    });
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({
      eachBatch: async ({ batch: b }) => {
        for (const m of b.messages) JSON.parse(m.value?.toString() ?? "{}");
        read += b.messages.length;
        if (read >= published) readDone();
      },
    });
    await allRead;
    const readSeconds = (performance.now() - readStarted) / 1000;
    await reader.disconnect();

    // 3. The rebuild.
    progress(`  rebuild: baseline read ${read} events in ${readSeconds.toFixed(1)} s; rebuilding`);
    const report = await rebuildReadModels({
      database: system.gatewayDatabase,
      kafka: createKafkaClient({
        clientId: "bench-rebuild",
        brokers: env.kafkaBrokers,
        topicPrefix: system.prefix,
      }),
      calendar: createCalendar(defaultHolidayTable),
      logger: createLogger({ service: "bench-rebuild", level: "silent" }),
      progress: (done, total) => progress(`  rebuild: ${done}/${total}`),
      graceMs: 1000,
    });
    // Until the fresh set serves; the grace period after it (old replicas noticing) is not replay.
    const seconds = report.switchedAfterMs / 1000;
    for (;;) {
      if (system.gateway.readSide.prefix === report.prefix) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const different = differences(expected, await contents(system.gateway.readSide.current));
    for (const line of different) progress(`  rebuild: ${line}`);
    const rate = (events: number, s: number) => Math.round(events / s);
    return [
      "### rebuild",
      "",
      `${published} petition events (${stories} petitions in 4 communes over a year, each received, classified, assigned and then answered on time, late, overdue or left open), on the petitions topic (${partitions} partitions), replayed by \`rebuildReadModels\` into fresh collections while the live gateway serves. Side by side in the same run: the same events only read off Kafka and parsed. ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}. Target: ≥ 5,000 events/s, result identical to the live models.`,
      "",
      "| variant | events | seconds | events/s | vs baseline |",
      "| --- | ---: | ---: | ---: | ---: |",
      `| read and parse only (baseline) | ${read} | ${readSeconds.toFixed(1)} | ${rate(read, readSeconds)} | 1.00× |`,
      `| rebuild (read, fold, bulk write ${report.petitions} views and ${report.figures} figures, switch) | ${report.events} | ${seconds.toFixed(1)} | ${rate(report.events, seconds)} | ${(rate(report.events, seconds) / rate(read, readSeconds)).toFixed(2)}× |`,
      "",
      `The rebuild's time to the switch: reading and folding ${(report.phasesMs.read / 1000).toFixed(1)} s, bulk writes ${(report.phasesMs.write / 1000).toFixed(1)} s, catching up and switching ${(report.phasesMs.catchUp / 1000).toFixed(1)} s.`,
      "",
      `Identical to the live-projected read models (views, alerts, non-empty figures): **${different.length === 0 ? "yes" : "NO"}**.`,
      "",
    ].join("\n");
  } finally {
    await system.stop();
  }
}

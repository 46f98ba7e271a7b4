// Issue 5, benchmark 1: an HTTP command accepted at the gateway → visible in the dashboard's read
// models, at 100 commands/s for 60 s with everything running. Target: p99 ≤ 150 ms. Side by side
// in the same run: the transport alone (a bare kafkajs producer → consumer at the same rate).
import { randomUUID } from "node:crypto";
import { createKafkaClient, deleteTopicsByPrefix, ensureTopics } from "@danvan/platform/messaging";
import { latencyTable } from "./latency.ts";
import { atRate } from "./load.ts";
import type { BenchEnvironment } from "./system.ts";
import { startSystem } from "./system.ts";

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
/**
 * Commands at the same rate before the measured ones, reported apart: the first seconds are
 * start-up (the consumer group joining, the JIT, Kafka's and the database's warm-up after they
 * start), not the system's steady state.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 20);

async function transportBaseline(env: BenchEnvironment): Promise<number[]> {
  const topic = `bench.${randomUUID().slice(0, 8)}.transport`;
  const kafka = createKafkaClient({ clientId: "bench-transport", brokers: env.kafkaBrokers });
  await ensureTopics(kafka, [
    { name: topic, partitions: 3, retention: "1d", description: "benchmark" },
  ]);
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `${topic}.group`, maxWaitTimeInMs: 100 });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? "";
      const at = sentAt.get(key);
      if (at !== undefined) latencies.push(performance.now() - at);
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await atRate(
    async (i) => {
      const key = `m-${i}`;
      sentAt.set(key, performance.now());
      await producer.send({ topic, acks: -1, messages: [{ key, value: "x".repeat(700) }] });
    },
    RATE,
    SECONDS,
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await consumer.disconnect();
  await producer.disconnect();
  await deleteTopicsByPrefix(kafka, topic);
  return latencies;
}

export async function freshness(env: BenchEnvironment, progress: (line: string) => void) {
  progress(`  freshness: transport baseline, ${RATE}/s for ${SECONDS} s`);
  const transport = await transportBaseline(env);

  const acceptedAt = new Map<string, number>();
  const projectedAt = new Map<string, number>();
  /** From the event's own time (when dialogues decided) to the projection, wall clock. */
  const pipeline: number[] = [];
  const system = await startSystem(env, {
    name: "fresh",
    onProjected: (envelope) => {
      if (envelope.type === "vn.danvan.dialogues.petition.received.v1") {
        projectedAt.set(envelope.subject, performance.now());
        pipeline.push(Date.now() - Date.parse(envelope.time));
      }
    },
  });
  // Where the time goes: relay (event time → Kafka append) and transport (append → a plain consumer).
  const relayDelay: number[] = [];
  const deliveryDelay: number[] = [];
  const spyKafka = createKafkaClient({ clientId: "bench-spy", brokers: env.kafkaBrokers });
  const spy = spyKafka.consumer({ groupId: `${system.prefix}-spy`, maxWaitTimeInMs: 100 });
  await spy.connect();
  await spy.subscribe({
    topic: `${system.prefix}.dialogues.petition.events`,
    fromBeginning: false,
  });
  await spy.run({
    eachMessage: async ({ message }) => {
      const appended = Number(message.timestamp);
      const event = JSON.parse(message.value?.toString() ?? "{}") as { type: string; time: string };
      if (!event.type?.endsWith(".received.v1")) return;
      relayDelay.push(appended - Date.parse(event.time));
      deliveryDelay.push(Date.now() - appended);
    },
  });
  try {
    const token = await system.login("badinh", "commune_officer", ["00004"]);
    let commandLatencies: number[] = [];
    // How late this process's timers run: everything in it (the load, both services, the relay,
    // both consumers) waits when its one thread is busy.
    const loopDelays: number[] = [];
    let expected = performance.now() + 10;
    const loopProbe = setInterval(() => {
      const now = performance.now();
      loopDelays.push(Math.max(0, now - expected));
      expected = now + 10;
    }, 10);
    const petition = async (i: number) => {
      const sent = performance.now();
      const response = await fetch(`${system.gatewayUrl}/api/v1/dialogues/petitions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          unitCode: "00004",
          source: "portal",
          petitioner: { anonymous: true },
          content: `Kiến nghị số ${i}: đề nghị sửa chữa đường ngõ`,
        }),
      });
      const body = (await response.json()) as { id?: string };
      const accepted = performance.now();
      if (response.status === 201 && body.id) {
        acceptedAt.set(body.id, accepted);
        commandLatencies.push(accepted - sent);
      }
    };
    // Projected before the 201 reached the client counts as 0: it was visible on acceptance.
    const visible = () =>
      [...acceptedAt].flatMap(([id, accepted]) => {
        const projected = projectedAt.get(id);
        return projected === undefined ? [] : [Math.max(0, projected - accepted)];
      });
    let warmup: number[] = [];
    if (WARMUP_SECONDS > 0) {
      progress(
        `  freshness: warming up, ${RATE} commands/s for ${WARMUP_SECONDS} s (reported apart)`,
      );
      await atRate(petition, RATE, WARMUP_SECONDS);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      warmup = visible();
      acceptedAt.clear();
      commandLatencies = [];
      for (const samples of [relayDelay, deliveryDelay, pipeline, loopDelays]) samples.length = 0;
    }
    progress(`  freshness: ${RATE} commands/s for ${SECONDS} s through the gateway`);
    await atRate(petition, RATE, SECONDS);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    clearInterval(loopProbe);
    const fresh = visible();
    const lost = acceptedAt.size - fresh.length;
    return latencyTable(
      "freshness",
      `${RATE} petitions/s received through the gateway for ${SECONDS} s (gateway → dialogues → outbox → Kafka → the gateway group → read models, all in this process on the local broker and FerretDB). "Visible" is the petition's view and its figures' change written by the gateway group (figures are changed in the same handler, right after the view). Accepted: ${acceptedAt.size}; never projected: ${lost}. Target: p99 ≤ 150 ms. Measured after ${WARMUP_SECONDS} s of the same load (the last row), whose first seconds are start-up: the consumer group joining, the JIT, and after a cold start of Kafka and the database their warm-up.`,
      [
        { name: "Kafka alone: produce (acks=all) → consume (baseline)", samples: transport },
        { name: "command: POST through the gateway until 201", samples: commandLatencies },
        {
          name: "event recorded by dialogues → appended to Kafka (the relay)",
          samples: relayDelay,
        },
        { name: "appended → read by a plain consumer", samples: deliveryDelay },
        { name: "event recorded by dialogues → in the gateway's read model", samples: pipeline },
        { name: "accepted (201) → in the gateway's read model", samples: fresh },
        { name: "this process's event loop: a 10 ms timer's lateness", samples: loopDelays },
        ...(warmup.length > 0
          ? [
              {
                name: `warm-up (${WARMUP_SECONDS} s before): accepted → read model`,
                samples: warmup,
              },
            ]
          : []),
      ],
    );
  } finally {
    await spy.disconnect();
    await system.stop();
  }
}

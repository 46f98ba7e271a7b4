import { randomUUID } from "node:crypto";
import type { KafkaClient } from "@danvan/platform/messaging";
import { createKafkaClient, deleteTopics, ensureTopics } from "@danvan/platform/messaging";
import type { Benchmark, Environment, Variant } from "./harness.ts";

// What publishing costs under the guarantees docs/architecture.md §5 asks of the relay (idempotent,
// acks=all), one event per send as a naive relay would do, against batching a document's events.
const MESSAGES = 2000;
const topic = `bench.${randomUUID().slice(0, 8)}.producer.events`;
const payload = JSON.stringify({ specversion: "1.0", data: { text: "x".repeat(600) } });

function variant(
  name: string,
  options: { idempotent: boolean; acks: number; batch: number },
): Variant {
  let producer: ReturnType<KafkaClient["producer"]>;
  return {
    name,
    async setup(env: Environment) {
      const kafka = createKafkaClient({ clientId: `bench-${name}`, brokers: env.kafkaBrokers });
      await ensureTopics(kafka, [
        { name: topic, partitions: 3, retention: "1d", description: "benchmark" },
      ]);
      producer = kafka.producer({
        idempotent: options.idempotent,
        maxInFlightRequests: options.idempotent ? 1 : 5,
      });
      await producer.connect();
    },
    async run() {
      for (let i = 0; i < MESSAGES; i += options.batch) {
        const messages = Array.from({ length: Math.min(options.batch, MESSAGES - i) }, (_, j) => ({
          key: `aggregate-${(i + j) % 50}`,
          value: payload,
        }));
        await producer.send({ topic, acks: options.acks, messages });
      }
    },
    async teardown() {
      await producer?.disconnect();
    },
  };
}

export const kafkaProducer: Benchmark = {
  name: "kafka-producer",
  description:
    "Publishing 700-byte events to a 3-partition topic on the local single-node broker, awaiting each send.",
  operations: MESSAGES,
  unit: "messages",
  rounds: 5,
  baseline: "idempotent acks=all, 1 per send",
  variants: [
    variant("idempotent acks=all, 1 per send", { idempotent: true, acks: -1, batch: 1 }),
    variant("acks=1, 1 per send", { idempotent: false, acks: 1, batch: 1 }),
    variant("idempotent acks=all, 20 per send", { idempotent: true, acks: -1, batch: 20 }),
    variant("idempotent acks=all, 200 per send", { idempotent: true, acks: -1, batch: 200 }),
  ],
  async cleanup(env) {
    await deleteTopics(
      createKafkaClient({ clientId: "bench-cleanup", brokers: env.kafkaBrokers }),
      [topic],
    );
  },
};

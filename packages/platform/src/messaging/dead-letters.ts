import { randomBytes } from "node:crypto";
import { deadLetterTopic, retryTopic } from "@danvan/contracts";
import type { KafkaMessage } from "kafkajs";
import type { KafkaClient } from "./kafka.ts";
import type { EventProducer } from "./producer.ts";
import { fetchTopicOffsets } from "./topic-admin.ts";

export interface DeadLetter {
  /** Position in the dead-letter topic. */
  partition: number;
  offset: string;
  key: string;
  eventId: string | undefined;
  type: string | undefined;
  error: string;
  failedAt: string;
  original: { topic: string; partition: number; offset: string };
  value: string;
  headers: Record<string, string>;
}

/** The event's attributes (id, type, unit), when the value is the JSON of an event (structured mode). */
export function attributesOf(value: string): {
  id?: unknown;
  type?: unknown;
  unitcode?: unknown;
} {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

function toDeadLetter(partition: number, message: KafkaMessage): DeadLetter {
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v ?? "")]),
  );
  const value = message.value?.toString("utf8") ?? "";
  const { id, type } = attributesOf(value);
  return {
    partition,
    offset: message.offset,
    key: message.key?.toString("utf8") ?? "",
    eventId: typeof id === "string" ? id : undefined,
    type: typeof type === "string" ? type : undefined,
    error: headers["dlt-error"] ?? "",
    failedAt: headers["dlt-failed-at"] ?? "",
    original: {
      topic: headers["dlt-original-topic"] ?? "",
      partition: Number(headers["dlt-original-partition"] ?? -1),
      offset: headers["dlt-original-offset"] ?? "",
    },
    value,
    headers,
  };
}

/** Reads a topic from its beginning up to its end as of now, with a throwaway consumer group. */
async function readToEnd(kafka: KafkaClient, topic: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await fetchTopicOffsets(admin, topic).finally(() => admin.disconnect());
  const remaining = new Map(
    ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
  );
  if (remaining.size === 0) return [];
  const letters: DeadLetter[] = [];
  const groupId = `dead-letter-reader-${randomBytes(6).toString("hex")}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const end = remaining.get(partition);
            if (end === undefined) return;
            letters.push(toDeadLetter(partition, message));
            if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    // Leave no throwaway group behind on the broker.
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([groupId]).catch(() => {});
    await cleanup.disconnect();
  }
  return letters.sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}

/** Every dead letter of a consumer group, oldest first. */
export function listDeadLetters(kafka: KafkaClient, group: string): Promise<DeadLetter[]> {
  return readToEnd(kafka, kafka.qualify(deadLetterTopic(group)));
}

/**
 * Puts chosen dead letters back in front of their group (only that group: on `<group>.retry`,
 * not on the shared domain topic). Run it after fixing the cause; idempotent handlers make a
 * repeated redrive harmless. Returns the redriven letters.
 */
export async function redriveDeadLetters(
  kafka: KafkaClient,
  producer: EventProducer,
  group: string,
  select: (letter: DeadLetter) => boolean = () => true,
): Promise<DeadLetter[]> {
  const chosen = (await listDeadLetters(kafka, group)).filter(select);
  await producer.publish(
    chosen.map((letter) => {
      const { "dlt-error": _, "dlt-failed-at": __, ...headers } = letter.headers;
      return {
        topic: retryTopic(group),
        key: letter.key,
        value: letter.value,
        headers: { ...headers, "redriven-at": new Date().toISOString() },
      };
    }),
  );
  return chosen;
}

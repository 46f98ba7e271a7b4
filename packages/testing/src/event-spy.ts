import { randomBytes } from "node:crypto";
import type { KafkaClient } from "@danvan/platform/messaging";
import { createKafkaClient } from "@danvan/platform/messaging";

type Consumer = ReturnType<KafkaClient["consumer"]>;

/** A message as a test sees it: JSON values parsed, headers decoded. */
export interface SpiedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The parsed JSON value, or the raw string when it is not JSON. */
  value: unknown;
  /** The value as it came, decoded as UTF-8 (what a subscriber's own parser reads). */
  raw: string | null;
  headers: Record<string, string>;
}

export type MessagePredicate = (message: SpiedMessage) => boolean;

export interface WaitOptions {
  /** How long to wait, in milliseconds; 15 s by default. */
  timeoutMs?: number;
  /** Says what was awaited, for the error when it never comes. */
  description?: string;
}

interface Waiter {
  predicate: MessagePredicate;
  count: number;
  resolve: (messages: SpiedMessage[]) => void;
}

function decode(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = value.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function summary(message: SpiedMessage): string {
  const value = JSON.stringify(message.value) ?? "null";
  const short = value.length > 160 ? `${value.slice(0, 160)}…` : value;
  return `${message.topic}[${message.partition}]@${message.offset} key=${message.key} ${short}`;
}

/**
 * Reads topics from their beginning in its own consumer group and lets a test await a specific
 * message with a timeout, so no test sleeps. Create it before or after the action: it reads
 * from the start, so nothing is missed.
 */
export class EventSpy {
  readonly received: SpiedMessage[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #consumer: Consumer;
  readonly #topics: string[];

  private constructor(consumer: Consumer, topics: string[]) {
    this.#consumer = consumer;
    this.#topics = topics;
  }

  static async start(brokers: string[], topics: string[]): Promise<EventSpy> {
    const kafka = createKafkaClient({ clientId: "danvan-event-spy", brokers });
    const consumer = kafka.consumer({
      groupId: `event-spy-${randomBytes(6).toString("hex")}`,
      // Short timings: a spy's group lives for one test file.
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
    });
    const spy = new EventSpy(consumer, topics);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        spy.#record({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString("utf8") ?? null,
          value: decode(message.value),
          raw: message.value?.toString("utf8") ?? null,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, header]) => [
              name,
              Array.isArray(header) ? header.map(String).join(",") : String(header ?? ""),
            ]),
          ),
        });
      },
    });
    return spy;
  }

  #record(message: SpiedMessage) {
    this.received.push(message);
    for (const waiter of this.#waiters) {
      const matches = this.received.filter(waiter.predicate);
      if (matches.length >= waiter.count) {
        this.#waiters.delete(waiter);
        waiter.resolve(matches.slice(0, waiter.count));
      }
    }
  }

  /** The first message that satisfies the predicate, received already or arriving in time. */
  async waitFor(predicate: MessagePredicate, options: WaitOptions = {}): Promise<SpiedMessage> {
    const [message] = await this.waitForCount(predicate, 1, options);
    return message as SpiedMessage;
  }

  /** The first `count` messages that satisfy the predicate. */
  waitForCount(
    predicate: MessagePredicate,
    count: number,
    options: WaitOptions = {},
  ): Promise<SpiedMessage[]> {
    const already = this.received.filter(predicate);
    if (already.length >= count) return Promise.resolve(already.slice(0, count));
    const timeoutMs = options.timeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        count,
        resolve: (messages) => {
          clearTimeout(timer);
          resolve(messages);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.received.filter(predicate).length;
        const last = this.received.slice(-5).map(summary);
        reject(
          new Error(
            [
              `timed out after ${timeoutMs} ms waiting for ${count} × ${options.description ?? "a matching message"} ` +
                `on ${this.#topics.join(", ")}; ${seen} matched, ${this.received.length} received.`,
              ...(last.length > 0 ? ["last received:", ...last.map((l) => `  ${l}`)] : []),
            ].join("\n"),
          ),
        );
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Messages whose key (the aggregate id, by our contract) equals the given one, in order. */
  byKey(key: string): SpiedMessage[] {
    return this.received.filter((m) => m.key === key);
  }

  async stop(): Promise<void> {
    await this.#consumer.disconnect();
  }
}

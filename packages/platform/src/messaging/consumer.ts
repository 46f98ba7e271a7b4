import { setTimeout as sleep } from "node:timers/promises";
import type { EventRegistry, ParsedEvent } from "@danvan/contracts";
import { deadLetterTopic, InvalidEventError, retryTopic } from "@danvan/contracts";
import type { Consumer, KafkaMessage } from "kafkajs";
import type { Logger } from "../log/index.ts";
import { messageLogger } from "../log/index.ts";
import type { ServiceMetrics } from "../metrics/index.ts";
import { PermanentError } from "./errors.ts";
import type { KafkaClient } from "./kafka.ts";
import type { EventProducer } from "./producer.ts";

export interface HandlerContext {
  logger: Logger;
  topic: string;
  partition: number;
  offset: string;
  /** 1 on the first try, more on retries after transient errors. */
  attempt: number;
}

export type EventHandler = (event: ParsedEvent, context: HandlerContext) => Promise<void>;

export interface ConsumerRunnerOptions {
  kafka: KafkaClient;
  group: string;
  topics: string[];
  registry: EventRegistry;
  handle: EventHandler;
  /** Publishes dead letters. */
  producer: EventProducer;
  logger: Logger;
  metrics?: ServiceMetrics;
  /** Backoff for transient errors, doubling from the first to the cap. */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
  /** A new group starts at the beginning of the topics (to build its read model); true by default. */
  fromBeginning?: boolean;
  /** Short timings for tests; the defaults suit production. */
  sessionTimeoutMs?: number;
}

export interface ConsumerRunner {
  start(): Promise<void>;
  /** Joined its group and consuming. */
  isReady(): boolean;
  /** Finishes the message in hand, commits, leaves the group. */
  stop(): Promise<void>;
}

const isPermanent = (error: unknown) =>
  error instanceof PermanentError || error instanceof InvalidEventError;

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

function stringHeaders(message: KafkaMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.map(String).join(",") : String(value ?? ""),
    ]),
  );
}

/**
 * Runs one consumer group (ARCHITECTURE.md §5): each message is parsed against the event registry
 * and handled; its offset is committed only after the handler succeeded. Transient errors are
 * retried with backoff while the partition waits (order matters); a message that can never
 * succeed goes to `<group>.dlt` with the error and where it came from, and the group moves on.
 * The group also reads `<group>.retry`, where redrive puts dead letters back.
 */
export function createConsumerRunner(options: ConsumerRunnerOptions): ConsumerRunner {
  const { group, logger, metrics, producer } = options;
  const initialDelay = options.retry?.initialDelayMs ?? 200;
  const maxDelay = options.retry?.maxDelayMs ?? 30_000;
  const consumer: Consumer = options.kafka.consumer({
    groupId: group,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
    maxWaitTimeInMs: 250,
  });
  let joined = false;
  let stopping = false;

  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  consumer.on(consumer.events.CRASH, (event) => {
    joined = false;
    logger.error({ err: event.payload.error, group }, "consumer crashed");
  });

  async function deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
  ) {
    const headers = stringHeaders(message);
    await producer.publish([
      {
        topic: deadLetterTopic(group),
        key: message.key?.toString("utf8") ?? "",
        value: message.value?.toString("utf8") ?? "",
        headers: {
          ...headers,
          "dlt-error": describe(error).slice(0, 2000),
          "dlt-group": group,
          "dlt-original-topic": headers["dlt-original-topic"] ?? topic,
          "dlt-original-partition": headers["dlt-original-partition"] ?? String(partition),
          "dlt-original-offset": headers["dlt-original-offset"] ?? message.offset,
          "dlt-failed-at": new Date().toISOString(),
        },
      },
    ]);
    metrics?.deadLetters.inc({ group, topic });
  }

  async function handleMessage(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ) {
    const started = performance.now();
    const base = { topic, partition, offset: message.offset };
    let event: ParsedEvent;
    try {
      event = options.registry.parse(message.value ?? "");
    } catch (error) {
      logger.warn({ ...base, err: error, group }, "unreadable message sent to dead letters");
      await deadLetter(topic, partition, message, error);
      return;
    }
    const log = messageLogger(logger, {
      ...base,
      correlationId: event.envelope.correlationid,
      eventId: event.envelope.id,
      type: event.envelope.type,
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await options.handle(event, {
          logger: log,
          topic,
          partition,
          offset: message.offset,
          attempt,
        });
        metrics?.handlerDuration.observe(
          { group, type: event.envelope.type, outcome: "ok" },
          (performance.now() - started) / 1000,
        );
        return;
      } catch (error) {
        if (isPermanent(error)) {
          log.warn({ err: error }, "event can never be handled; sent to dead letters");
          await deadLetter(topic, partition, message, error);
          metrics?.handlerDuration.observe(
            { group, type: event.envelope.type, outcome: "dead_letter" },
            (performance.now() - started) / 1000,
          );
          return;
        }
        // Leave the message uncommitted: it is handled again after a restart or rebalance.
        if (stopping) throw error;
        const delay = Math.min(initialDelay * 2 ** (attempt - 1), maxDelay);
        log.warn({ err: error, attempt, retryInMs: delay }, "transient failure; retrying");
        await sleep(delay);
        await heartbeat();
      }
    }
  }

  return {
    async start() {
      await consumer.connect();
      await consumer.subscribe({
        topics: [...options.topics, retryTopic(group)],
        fromBeginning: options.fromBeginning ?? true,
      });
      const joinedNow = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
          remove();
          resolve();
        });
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          let last: string | undefined;
          try {
            for (const message of batch.messages) {
              if (!isRunning() || isStale()) break;
              await handleMessage(batch.topic, batch.partition, message, heartbeat);
              resolveOffset(message.offset);
              last = message.offset;
            }
          } finally {
            if (last !== undefined) {
              await consumer.commitOffsets([
                {
                  topic: batch.topic,
                  partition: batch.partition,
                  offset: (BigInt(last) + 1n).toString(),
                },
              ]);
            }
            metrics?.consumerLag.set(
              { group, topic: batch.topic, partition: String(batch.partition) },
              Number(batch.offsetLag()),
            );
          }
        },
      });
      await joinedNow;
    },
    isReady: () => joined && !stopping,
    async stop() {
      stopping = true;
      await consumer.disconnect();
      joined = false;
    },
  };
}

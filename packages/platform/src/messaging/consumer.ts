import { setTimeout as sleep } from "node:timers/promises";
import type { EventRegistry, ParsedEvent } from "@danvan/contracts";
import {
  deadLetterTopic,
  InvalidEventError,
  retryTopic,
  UnknownEventTypeError,
} from "@danvan/contracts";
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
  /**
   * Longest the broker holds a fetch when no message is waiting (kafkajs: `maxWaitTimeInMs`).
   * A message that arrives meanwhile is returned at once either way; 250 ms by default.
   */
  maxWaitMs?: number;
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
  let joined = false;
  let stopping = false;
  let restarts = 0;
  let restarting = false;
  let consumer: Consumer = newConsumer();

  function newConsumer(): Consumer {
    const created = options.kafka.consumer({
      groupId: group,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
      maxWaitTimeInMs: options.maxWaitMs ?? 250,
    });
    created.on(created.events.GROUP_JOIN, () => {
      joined = true;
      restarts = 0;
    });
    created.on(created.events.CRASH, (event) => {
      joined = false;
      logger.error(
        { err: event.payload.error, group, restart: event.payload.restart },
        "consumer crashed",
      );
      // kafkajs restarts by itself after retriable errors only; after others (a broker that
      // came back and forgot the member, say) the group would stay down without this.
      if (!event.payload.restart && !stopping) void restart();
    });
    return created;
  }

  async function restart() {
    if (restarting) return;
    restarting = true;
    try {
      while (!stopping) {
        restarts++;
        await sleep(Math.min(initialDelay * 2 ** restarts, maxDelay));
        if (stopping) return;
        await consumer.disconnect().catch(() => {});
        consumer = newConsumer();
        try {
          await run(consumer);
          logger.warn({ group, restarts }, "consumer restarted");
          return;
        } catch (error) {
          logger.error({ err: error, group, restarts }, "consumer restart failed; trying again");
        }
      }
    } finally {
      restarting = false;
    }
  }

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
      // Topics carry every event of an aggregate; a group handles the types it registered and
      // passes over the others. A newer version of a type it handles waits in dead letters.
      if (error instanceof UnknownEventTypeError && !error.versionOfKnownEvent) {
        logger.debug({ ...base, type: error.type, group }, "event type not handled here");
        return;
      }
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

  async function run(current: Consumer) {
    await current.connect();
    await current.subscribe({
      topics: [...options.topics, retryTopic(group)],
      fromBeginning: options.fromBeginning ?? true,
    });
    await current.run({
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
            // A long batch must not outlast the session: kafkajs sends one only when due.
            await heartbeat();
          }
        } finally {
          if (last !== undefined) {
            await current.commitOffsets([
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
  }

  return {
    async start() {
      const joinedNow = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
          remove();
          resolve();
        });
      });
      await run(consumer);
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

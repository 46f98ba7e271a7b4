import { setTimeout as sleep } from "node:timers/promises";
import type { Envelope, EventRegistry, ParsedEvent } from "@danvan/contracts";
import {
  deadLetterTopic,
  InvalidEventError,
  retryTopic,
  UnknownEventTypeError,
} from "@danvan/contracts";
import type { Consumer, KafkaMessage } from "kafkajs";
import type { Logger } from "../log/index.ts";
import { messageLogger } from "../log/index.ts";
import type { ServicePart } from "../service/parts.ts";
import type { Telemetry } from "../telemetry/index.ts";
import { attributesOf } from "./dead-letters.ts";
import { PermanentError } from "./errors.ts";
import type { KafkaClient } from "./kafka.ts";
import type { EventProducer } from "./producer.ts";
import { createEventProducer } from "./producer.ts";

export interface HandlerContext {
  logger: Logger;
  topic: string;
  partition: number;
  offset: string;
  /** 1 on the first try, more on retries after transient errors. */
  attempt: number;
}

export type EventHandler<E extends Envelope = Envelope> = (
  event: ParsedEvent<E>,
  context: HandlerContext,
) => Promise<void>;

export interface BatchContext {
  logger: Logger;
  topic: string;
  partition: number;
  /** The offsets of the first and last event handed over. */
  firstOffset: string;
  lastOffset: string;
  attempt: number;
}

/**
 * Handles consecutive events of one partition together (a read model that writes a batch in a
 * few requests). All or nothing as far as the runner knows: it commits after the whole batch.
 */
export type BatchHandler<E extends Envelope = Envelope> = (
  events: ParsedEvent<E>[],
  context: BatchContext,
) => Promise<void>;

interface CommonOptions<E extends Envelope> {
  kafka: KafkaClient;
  /** The group's name; like the topics', the client's prefix is added to it. */
  group: string;
  /** Topic names of the contract (`dialogues.petition.events`, …). */
  topics: string[];
  registry: EventRegistry<E>;
  /** Publishes dead letters; the runner makes its own (and connects and closes it) without one. */
  producer?: EventProducer;
  logger: Logger;
  telemetry?: Telemetry;
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
  /**
   * How many partitions' batches are handled at once (kafkajs: `partitionsConsumedConcurrently`).
   * Order is kept within a partition either way; 1 by default. More suits a handler whose time is
   * mostly waiting on the database, when the topic has several partitions: one partition's batch
   * no longer waits for another's writes and offset commit.
   */
  partitionsConcurrently?: number;
  /**
   * Told of each message set aside in the dead-letter topic, once it is there (a service records
   * an alert, say). Its failure is logged, never retried: the letter is safe either way.
   */
  onDeadLetter?: (letter: DeadLetterNotice) => Promise<void> | void;
}

/** A message just set aside, as `onDeadLetter` is told of it. */
export interface DeadLetterNotice {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  /** The event's own attributes, when its value could be read as an event's JSON. */
  eventId?: string;
  type?: string;
  unitCode?: string;
  /** Why, as the letter's `dlt-error` header says it. */
  error: string;
}

/** One event at a time (`handle`), or consecutive events of a partition at once (`handleBatch`). */
export type ConsumerRunnerOptions<E extends Envelope = Envelope> = CommonOptions<E> &
  (
    | { handle: EventHandler<E>; handleBatch?: never }
    | {
        handleBatch: BatchHandler<E>;
        /** Most events handed over at once; 500 by default. */
        maxBatchSize?: number;
        handle?: never;
      }
  );

export interface ConsumerRunner extends ServicePart {
  start(): Promise<void>;
  /** Joined its group and consuming. */
  isReady(): boolean;
  /** Finishes the message in hand, commits, leaves the group. */
  stop(): Promise<void>;
}

/**
 * Errors no retry can cure, dead-lettered at once: the handler's refusal, an unreadable event, and
 * a handler meeting data it did not expect (a TypeError reading a field that is not there, a
 * RangeError from an impossible date, a value the database's encoding refuses): the same code
 * fails the same way on the same event, and retrying would hold the partition for good. A
 * TypeError with a cause is a failed call (fetch wraps the network's error so), not a bug: it
 * waits and retries like anything else, a database or a broker that is away.
 */
const isPermanent = (error: unknown) =>
  error instanceof PermanentError ||
  error instanceof InvalidEventError ||
  (error instanceof TypeError && error.cause === undefined) ||
  error instanceof RangeError ||
  error instanceof ReferenceError ||
  error instanceof SyntaxError ||
  (error instanceof Error && error.name === "BSONError");

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
 * Runs one consumer group (docs/architecture.md §5): each message is parsed against the event registry
 * and handled; its offset is committed only after the handler succeeded. Transient errors are
 * retried with backoff while the partition waits (order matters); a message that can never
 * succeed goes to `<group>.dlt` with the error and where it came from, and the group moves on.
 * The group also reads `<group>.retry`, where redrive puts dead letters back.
 */
export function createConsumerRunner<E extends Envelope>(
  options: ConsumerRunnerOptions<E>,
): ConsumerRunner {
  const { group, logger, telemetry } = options;
  const ownProducer = options.producer === undefined;
  const producer = options.producer ?? createEventProducer(options.kafka);
  const initialDelay = options.retry?.initialDelayMs ?? 200;
  const maxDelay = options.retry?.maxDelayMs ?? 30_000;
  let joined = false;
  let stopping = false;
  let restarts = 0;
  let restarting = false;
  let consumer: Consumer = newConsumer();

  function newConsumer(): Consumer {
    const created = options.kafka.consumer({
      groupId: options.kafka.qualify(group),
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
      if (!event.payload.restart && !stopping) restart();
    });
    return created;
  }

  /** The restart in progress: stop() waits for it, so no consumer outlives the stop. */
  let restartDone: Promise<void> = Promise.resolve();
  const stopped = new AbortController();
  function restart() {
    if (restarting) return;
    restarting = true;
    restartDone = restartLoop().finally(() => {
      restarting = false;
    });
  }

  async function restartLoop() {
    while (!stopping) {
      restarts++;
      // stop() cuts the wait short: it waits for this loop to end.
      await sleep(Math.min(initialDelay * 2 ** restarts, maxDelay), undefined, {
        signal: stopped.signal,
      }).catch(() => {});
      if (stopping) return;
      await consumer.disconnect().catch(() => {});
      consumer = newConsumer();
      try {
        await run(consumer);
        // Stopped meanwhile: the new consumer must not keep running after stop().
        if (stopping) {
          await consumer.disconnect().catch(() => {});
          return;
        }
        logger.warn({ group, restarts }, "consumer restarted");
        return;
      } catch (error) {
        logger.error({ err: error, group, restarts }, "consumer restart failed; trying again");
      }
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
    telemetry?.deadLetters.inc({ group, topic });
    if (options.onDeadLetter) {
      const { id, type, unitcode } = attributesOf(message.value?.toString("utf8") ?? "");
      const notice: DeadLetterNotice = {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString("utf8") ?? "",
        ...(typeof id === "string" ? { eventId: id } : {}),
        ...(typeof type === "string" ? { type } : {}),
        ...(typeof unitcode === "string" ? { unitCode: unitcode } : {}),
        error: describe(error).slice(0, 2000),
      };
      try {
        await options.onDeadLetter(notice);
      } catch (noticeError) {
        logger.error({ err: noticeError, group, topic }, "dead letter notice failed");
      }
    }
  }

  /** The event in a message, or undefined when it is not this group's (or went to dead letters). */
  async function parse(
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): Promise<ParsedEvent<E> | undefined> {
    try {
      return options.registry.parse(message.value ?? "");
    } catch (error) {
      const base = { topic, partition, offset: message.offset, group };
      // Topics carry every event of an aggregate; a group handles the types it registered and
      // passes over the others. A newer version of a type it handles waits in dead letters.
      if (error instanceof UnknownEventTypeError && !error.versionOfKnownEvent) {
        logger.debug({ ...base, type: error.type }, "event type not handled here");
        return undefined;
      }
      logger.warn({ ...base, err: error }, "unreadable message sent to dead letters");
      await deadLetter(topic, partition, message, error);
      return undefined;
    }
  }

  /**
   * Calls `attempt` until it succeeds, with backoff after transient errors; true when it did,
   * false after a permanent error (the caller decides what to dead-letter).
   */
  async function withRetries(
    log: Logger,
    heartbeat: () => Promise<void>,
    attempt: (n: number) => Promise<void>,
  ): Promise<{ ok: true } | { ok: false; error: unknown }> {
    for (let n = 1; ; n++) {
      try {
        await attempt(n);
        return { ok: true };
      } catch (error) {
        if (isPermanent(error)) return { ok: false, error };
        // Leave the message uncommitted: it is handled again after a restart or rebalance.
        if (stopping) throw error;
        const delay = Math.min(initialDelay * 2 ** (n - 1), maxDelay);
        log.warn({ err: error, attempt: n, retryInMs: delay }, "transient failure; retrying");
        await sleep(delay);
        await heartbeat();
      }
    }
  }

  async function handleOne(
    handle: EventHandler<E>,
    topic: string,
    partition: number,
    message: KafkaMessage,
    event: ParsedEvent<E>,
    heartbeat: () => Promise<void>,
  ) {
    const started = performance.now();
    const log = messageLogger(logger, {
      topic,
      partition,
      offset: message.offset,
      correlationId: event.envelope.correlationid,
      eventId: event.envelope.id,
      type: event.envelope.type,
    });
    const outcome = await withRetries(log, heartbeat, (attempt) =>
      handle(event, { logger: log, topic, partition, offset: message.offset, attempt }),
    );
    if (!outcome.ok) {
      log.warn({ err: outcome.error }, "event can never be handled; sent to dead letters");
      await deadLetter(topic, partition, message, outcome.error);
    }
    telemetry?.handlerDuration.observe(
      { group, type: event.envelope.type, outcome: outcome.ok ? "ok" : "dead_letter" },
      (performance.now() - started) / 1000,
    );
  }

  /**
   * Hands consecutive events to the batch handler. When it fails for good, the events go one at
   * a time (as batches of one), so that only the event that cannot succeed is dead-lettered.
   */
  async function handleSome(
    handleBatch: BatchHandler<E>,
    topic: string,
    partition: number,
    items: { message: KafkaMessage; event: ParsedEvent<E> }[],
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    const started = performance.now();
    const log = logger.child({
      topic,
      partition,
      firstOffset: first.message.offset,
      lastOffset: last.message.offset,
      events: items.length,
    });
    const outcome = await withRetries(log, heartbeat, (attempt) =>
      handleBatch(
        items.map((item) => item.event),
        {
          logger: log,
          topic,
          partition,
          firstOffset: first.message.offset,
          lastOffset: last.message.offset,
          attempt,
        },
      ),
    );
    if (outcome.ok) {
      const seconds = (performance.now() - started) / 1000;
      for (const item of items) {
        telemetry?.handlerDuration.observe(
          { group, type: item.event.envelope.type, outcome: "ok" },
          seconds / items.length,
        );
      }
      return;
    }
    if (items.length > 1) {
      log.warn(
        { err: outcome.error },
        "a batch can never be handled; trying its events one by one",
      );
      for (const item of items) await handleSome(handleBatch, topic, partition, [item], heartbeat);
      return;
    }
    log.warn(
      { err: outcome.error, eventId: first.event.envelope.id },
      "event can never be handled; sent to dead letters",
    );
    await deadLetter(topic, partition, first.message, outcome.error);
    telemetry?.handlerDuration.observe(
      { group, type: first.event.envelope.type, outcome: "dead_letter" },
      (performance.now() - started) / 1000,
    );
  }

  async function run(current: Consumer) {
    await current.connect();
    await current.subscribe({
      topics: [...options.topics, retryTopic(group)].map((topic) => options.kafka.qualify(topic)),
      fromBeginning: options.fromBeginning ?? true,
    });
    await current.run({
      autoCommit: false,
      partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        let last: string | undefined;
        const live = () => isRunning() && !isStale();
        try {
          if (options.handleBatch) {
            const handleBatch = options.handleBatch;
            const size = options.maxBatchSize ?? 500;
            let items: { message: KafkaMessage; event: ParsedEvent<E> }[] = [];
            /** The last message looked at: committed once what came before it is handled. */
            let seen: string | undefined;
            const flush = async () => {
              await handleSome(handleBatch, batch.topic, batch.partition, items, heartbeat);
              items = [];
              if (seen !== undefined) {
                resolveOffset(seen);
                last = seen;
              }
              await heartbeat();
            };
            for (const message of batch.messages) {
              if (!live()) break;
              const event = await parse(batch.topic, batch.partition, message);
              if (event) items.push({ message, event });
              seen = message.offset;
              if (items.length >= size) await flush();
            }
            if (live()) await flush();
          } else {
            for (const message of batch.messages) {
              if (!live()) break;
              const event = await parse(batch.topic, batch.partition, message);
              if (event) {
                await handleOne(
                  options.handle,
                  batch.topic,
                  batch.partition,
                  message,
                  event,
                  heartbeat,
                );
              }
              resolveOffset(message.offset);
              last = message.offset;
              // A long batch must not outlast the session: kafkajs sends one only when due.
              await heartbeat();
            }
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
          telemetry?.consumerLag.set(
            { group, topic: batch.topic, partition: String(batch.partition) },
            Number(batch.offsetLag()),
          );
        }
      },
    });
  }

  return {
    name: `consumer:${group}`,
    async start() {
      if (ownProducer) await producer.connect();
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
      stopped.abort();
      await restartDone;
      await consumer.disconnect();
      joined = false;
      if (ownProducer) await producer.disconnect();
    },
  };
}

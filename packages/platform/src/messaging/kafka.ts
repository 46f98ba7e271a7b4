import type { Consumer, ConsumerConfig, Producer } from "kafkajs";
import { Kafka, logLevel, Partitioners } from "kafkajs";
import type { Logger } from "../log/index.ts";

/**
 * The one place where kafkajs is used: services, tooling (provisioning, the local infrastructure),
 * tests and benchmarks all get their clients here, so moving to another client changes this
 * folder only (`npm run lint` refuses kafkajs anywhere else).
 */
export interface KafkaClient {
  /**
   * An idempotent producer with one request in flight: retries can neither duplicate nor reorder
   * a partition. `tuning` is for benchmarks that compare these settings with others.
   */
  producer(tuning?: ProducerTuning): Producer;
  consumer(config: ConsumerConfig): Consumer;
  admin(): ReturnType<Kafka["admin"]>;
  /**
   * The broker's name of a topic or consumer group: `<prefix>.<name>` under a topic prefix (test
   * files and benchmarks share one broker), the name itself in production. The producer, the
   * consumer runner, dead letters and topic provisioning apply it; nothing else names topics so.
   */
  qualify(name: string): string;
}

export interface ProducerTuning {
  idempotent?: boolean;
  maxInFlightRequests?: number;
}

const LEVELS: Record<number, "error" | "warn" | "info" | "debug"> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

/**
 * kafkajs warns on every idempotent producer whose retries are bounded. Ours are bounded on
 * purpose: a send that keeps failing must fail, so that the relay backs off, replaces the producer
 * (a new producer id) and publishes again from the outbox, while consumers dedupe on event ids.
 * Unbounded retries would hang the relay for the whole of a broker outage instead.
 */
const DELIBERATE = new Set([
  "Limiting retries for the idempotent producer may invalidate EoS guarantees",
]);

/**
 * Broker answers that kafkajs retries by itself (Kafka marks them retriable): a broker that has
 * just started, or a leadership or coordinator move. They are logged as warnings: one that
 * outlasts the retries reaches the caller, which logs its own error.
 */
const RETRIED_BY_KAFKAJS = new Set([
  "The coordinator is loading and hence can't process requests for this group",
  "The group coordinator is not available",
  "This is not the correct coordinator for this group",
  "There is no leader for this topic-partition as we are in the middle of a leadership election",
  "This server is not the leader for that topic-partition",
  "This server does not host this topic-partition",
]);

/** The level a kafkajs log entry is written at in the service's log (undefined: not at all). */
export function serviceLogLevel(entry: {
  level: number;
  log: { message: string; error?: unknown };
}): "error" | "warn" | "info" | "debug" | undefined {
  if (DELIBERATE.has(entry.log.message)) return undefined;
  const level = LEVELS[entry.level] ?? "info";
  if (level === "error" && RETRIED_BY_KAFKAJS.has(String(entry.log.error))) return "warn";
  return level;
}

export function createKafkaClient(options: {
  clientId: string;
  brokers: string[];
  logger?: Logger;
  /** Retries of a failed request (8 by default); probes that must answer at once use 0. */
  retries?: number;
  /** Longest wait for a connection to a broker (kafkajs's default when omitted). */
  connectionTimeoutMs?: number;
  /** Prefix of every topic and consumer group name (TOPIC_PREFIX); none in production. */
  topicPrefix?: string;
}): KafkaClient {
  const prefix = options.topicPrefix ? `${options.topicPrefix}.` : "";
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: options.logger ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry) => {
      const level = serviceLogLevel(entry);
      if (!level) return;
      const { message, ...rest } = entry.log;
      options.logger?.[level]({ kafka: { namespace: entry.namespace, ...rest } }, message);
    },
    retry: { initialRetryTime: 200, retries: options.retries ?? 8 },
    ...(options.connectionTimeoutMs !== undefined
      ? { connectionTimeout: options.connectionTimeoutMs }
      : {}),
  });
  return {
    producer: (tuning = {}) =>
      kafka.producer({
        idempotent: tuning.idempotent ?? true,
        maxInFlightRequests: tuning.maxInFlightRequests ?? 1,
        allowAutoTopicCreation: false,
        // Named, not defaulted: kafkajs warns on every start otherwise. It is the Java client's
        // murmur2 partitioner, so keys land where Java producers would put them.
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    consumer: (config) => kafka.consumer({ allowAutoTopicCreation: false, ...config }),
    admin: () => kafka.admin(),
    qualify: (name) => `${prefix}${name}`,
  };
}

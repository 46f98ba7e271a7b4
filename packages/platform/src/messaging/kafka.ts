import type { Consumer, ConsumerConfig, Producer } from "kafkajs";
import { Kafka, logLevel, Partitioners } from "kafkajs";
import type { Logger } from "../log/index.ts";

/**
 * The one place where services' code gets kafkajs clients: everything in the platform talks to
 * these factories, so moving services to another client changes this folder only. (Tooling
 * outside services, infra/ and packages/testing, keeps its own small admin clients.)
 */
export interface KafkaClient {
  producer(): Producer;
  consumer(config: ConsumerConfig): Consumer;
  admin(): ReturnType<Kafka["admin"]>;
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

export function createKafkaClient(options: {
  clientId: string;
  brokers: string[];
  logger?: Logger;
}): KafkaClient {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: options.logger ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry) => {
      if (DELIBERATE.has(entry.log.message)) return;
      const level = LEVELS[entry.level] ?? "info";
      const { message, ...rest } = entry.log;
      options.logger?.[level]({ kafka: { namespace: entry.namespace, ...rest } }, message);
    },
    retry: { initialRetryTime: 200, retries: 8 },
  });
  return {
    // Idempotent with one request in flight: retries can neither duplicate nor reorder a partition.
    producer: () =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Named, not defaulted: kafkajs warns on every start otherwise. It is the Java client's
        // murmur2 partitioner, so keys land where Java producers would put them.
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    consumer: (config) => kafka.consumer({ allowAutoTopicCreation: false, ...config }),
    admin: () => kafka.admin(),
  };
}

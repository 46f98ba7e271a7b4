import type { Logger } from "../log/index.ts";
import type { AggregateDocument } from "../mongo/aggregate-repository.ts";
import { ensureOutboxIndex } from "../mongo/aggregate-repository.ts";
import type { Database } from "../mongo/connection.ts";
import type { ServicePart } from "../service/parts.ts";
import type { Telemetry } from "../telemetry/index.ts";
import type { KafkaClient } from "./kafka.ts";
import type { EventProducer } from "./producer.ts";
import { createEventProducer } from "./producer.ts";
import type { LeaseDocument, OutboxRelay } from "./relay.ts";
import { createOutboxRelay } from "./relay.ts";

export interface OutboxPublisher extends ServicePart {
  readonly relay: OutboxRelay;
  readonly producer: EventProducer;
  /** Tells the relay that a collection was written: it publishes at once. */
  wake(collectionName: string): void;
}

/** What the publisher reads of a service's configuration (fragments `service` and `outbox`). */
interface OutboxSettings {
  SHUTDOWN_TIMEOUT_MS: number;
  OUTBOX_POLL_MS: number;
}

/**
 * The outbox publisher of a service's runtime, over its aggregates' collections: it flushes
 * within two thirds of the shutdown's budget (what comes after it must still fit) and polls as
 * configured.
 */
export function outboxPublisherOf(
  runtime: {
    config: OutboxSettings;
    database: Database;
    kafka: KafkaClient;
    logger: Logger;
    telemetry: Telemetry;
  },
  collections: readonly string[],
): OutboxPublisher {
  return createOutboxPublisher({
    database: runtime.database,
    kafka: runtime.kafka,
    collections,
    logger: runtime.logger,
    telemetry: runtime.telemetry,
    flushMs: Math.floor((runtime.config.SHUTDOWN_TIMEOUT_MS * 2) / 3),
    pollIntervalMs: runtime.config.OUTBOX_POLL_MS,
  });
}

/**
 * A service's way out for its events (docs/architecture.md §5): the producer and the outbox relay
 * over the collections whose documents carry outboxes. Started, it connects and publishes after
 * every write; stopped, it publishes what is still waiting within `flushMs` (what is left goes
 * out at the next start: nothing is lost), stops the relay, hands over its lease and disconnects.
 */
export function createOutboxPublisher(options: {
  database: Database;
  kafka: KafkaClient;
  /** The aggregate collections, by name. */
  collections: readonly string[];
  logger: Logger;
  telemetry?: Telemetry;
  /** Longest the flush at stop may take. */
  flushMs: number;
  /** The relay's fallback poll; its writes wake it at once anyway. */
  pollIntervalMs?: number;
}): OutboxPublisher {
  const { database, logger } = options;
  const producer = createEventProducer(options.kafka);
  const collections = options.collections.map((name) =>
    database.collection<AggregateDocument>(name),
  );
  const relay = createOutboxRelay({
    collections,
    leases: database.collection<LeaseDocument>("leases"),
    producer,
    logger,
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  return {
    name: "outbox",
    relay,
    producer,
    wake: (collectionName) => relay.wake(collectionName),
    async start() {
      for (const collection of collections) await ensureOutboxIndex(collection);
      await producer.connect();
      relay.start();
    },
    async stop() {
      if (!(await relay.flush(options.flushMs))) {
        logger.warn("outbox not empty at shutdown; the next start publishes the rest");
      }
      await relay.stop();
      await producer.disconnect();
    },
  };
}

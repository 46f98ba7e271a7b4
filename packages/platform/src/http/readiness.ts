import type { ConsumerRunner } from "../messaging/consumer.ts";
import type { KafkaClient } from "../messaging/kafka.ts";
import type { Database } from "../mongo/connection.ts";
import type { ReadinessCheck } from "./app.ts";

/** The checks a service's /readyz usually runs (docs/architecture.md §8). */
export const readiness = {
  /** The database answers a ping. */
  database: (database: Database): ReadinessCheck => ({
    name: "database",
    check: async () => {
      await database.ping();
      return true;
    },
  }),

  /** A broker answers a metadata request; one admin connection is kept for it. */
  kafka: (kafka: KafkaClient): ReadinessCheck => {
    const admin = kafka.admin();
    let connected: Promise<void> | undefined;
    return {
      name: "kafka",
      check: async () => {
        connected ??= admin.connect().catch((error: unknown) => {
          connected = undefined;
          throw error;
        });
        await connected;
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0;
      },
    };
  },

  /** Every consumer group has joined and is consuming. */
  consumers: (...runners: ConsumerRunner[]): ReadinessCheck => ({
    name: "consumer",
    check: () => runners.every((runner) => runner.isReady()),
  }),

  /** False from the first shutdown signal on, so load balancers move traffic away. */
  accepting: (isShuttingDown: () => boolean): ReadinessCheck => ({
    name: "accepting",
    check: () => !isShuttingDown(),
  }),
};

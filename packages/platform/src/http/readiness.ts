import type { ConsumerRunner } from "../messaging/consumer.ts";
import type { KafkaClient } from "../messaging/kafka.ts";
import type { Database } from "../mongo/connection.ts";
import type { ReadinessCheck } from "./app.ts";

/** The checks a service's /readyz usually runs (docs/architecture.md §8). */
export const readiness = {
  /**
   * The driver holds a connection to the database, by its own monitoring (heartbeats on a
   * connection of their own): no request is made, so a database busy with user traffic does not
   * make every replica look down at once; one that stops answering does, within a heartbeat.
   */
  database: (database: Database): ReadinessCheck => ({
    name: "database",
    check: () => database.connection.readyState === 1,
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

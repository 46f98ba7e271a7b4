import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The Prometheus metrics every service exposes on GET /metrics (docs/architecture.md §8): telemetry
 * about the process, not the business figures of @danvan/metrics.
 */
export interface Telemetry {
  registry: Registry;
  httpRequestDuration: Histogram<"method" | "route" | "status">;
  handlerDuration: Histogram<"group" | "type" | "outcome">;
  consumerLag: Gauge<"group" | "topic" | "partition">;
  outboxBacklog: Gauge<"collection">;
  deadLetters: Counter<"group" | "topic">;
  eventsPublished: Counter<"topic">;
}

export function createTelemetry(service: string): Telemetry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by method, route pattern and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    handlerDuration: new Histogram({
      name: "event_handler_duration_seconds",
      help: "Time to handle one consumed event, retries included",
      labelNames: ["group", "type", "outcome"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: "kafka_consumer_lag_messages",
      help: "Messages behind the end of the partition at the last batch",
      labelNames: ["group", "topic", "partition"],
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: "outbox_backlog_documents",
      help: "Aggregates with events not yet published",
      labelNames: ["collection"],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: "dead_letters_total",
      help: "Messages sent to a dead-letter topic",
      labelNames: ["group", "topic"],
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: "events_published_total",
      help: "Events the outbox relay published",
      labelNames: ["topic"],
      registers: [registry],
    }),
  };
}

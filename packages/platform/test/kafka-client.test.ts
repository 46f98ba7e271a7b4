import { Writable } from "node:stream";
import { createLogger } from "@danvan/platform/log";
import { createKafkaClient, serviceLogLevel } from "@danvan/platform/messaging";
import { describe, expect, it } from "vitest";

/** kafkajs's numbers for its log levels (its `logLevel`). */
const logLevel = { ERROR: 1, WARN: 2 };

// What kafkajs says reaches the service's log, except a warning about a choice made on purpose.
function capturingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: createLogger({ service: "kafka-test", level: "debug", destination }) };
}

describe("the Kafka client", () => {
  it("does not warn about the bounded retries of its idempotent producers, which are deliberate", async () => {
    const { lines, logger } = capturingLogger();
    const kafka = createKafkaClient({ clientId: "t", brokers: ["127.0.0.1:1"], logger });
    kafka.producer();
    kafka.producer();
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((l) => /idempotent|partitioner/i.test(l.msg))).toEqual([]);
  });

  it("passes kafkajs's other warnings and errors to the service's log", async () => {
    const { lines, logger } = capturingLogger();
    const kafka = createKafkaClient({ clientId: "t", brokers: ["127.0.0.1:1"], logger });
    const consumer = kafka.consumer({ groupId: "g", retry: { retries: 0 } });
    await consumer.connect().catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      lines.some((l) => l.level === "error" && /Connection error|ECONNREFUSED/.test(l.msg)),
    ).toBe(true);
  });

  it("logs as warnings the broker answers kafkajs retries by itself, as a starting broker gives", () => {
    // As kafkajs's connection logs a response error (network/connection.js).
    const response = (error: string) => ({
      level: logLevel.ERROR,
      log: { message: "Response InitProducerId(key: 22, version: 1)", error },
    });
    expect(
      serviceLogLevel(
        response("The coordinator is loading and hence can't process requests for this group"),
      ),
    ).toBe("warn");
    expect(
      serviceLogLevel(response("Not authorized to access topics: [Topic authorization failed.]")),
    ).toBe("error");
    expect(
      serviceLogLevel({
        level: logLevel.WARN,
        log: {
          message: "Limiting retries for the idempotent producer may invalidate EoS guarantees",
        },
      }),
    ).toBeUndefined();
  });
});

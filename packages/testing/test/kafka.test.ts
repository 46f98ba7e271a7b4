import { randomUUID } from "node:crypto";
import type { KafkaClient } from "@danvan/platform/messaging";
import { createKafkaClient } from "@danvan/platform/messaging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTopics, EventSpy, type TestTopics, testScope } from "../src/index.ts";

const scope = testScope("kafka");
let topics: TestTopics;
let producer: ReturnType<KafkaClient["producer"]>;
let spy: EventSpy;

beforeAll(async () => {
  topics = await createTestTopics(scope, ["probe.events", { name: "other.events", partitions: 1 }]);
  producer = createKafkaClient({
    clientId: "testing-test",
    brokers: scope.kafkaBrokers,
  }).producer();
  await producer.connect();
  spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
});

afterAll(async () => {
  await spy?.stop();
  await producer?.disconnect();
  await topics?.dispose();
});

describe("real Kafka through the harness", () => {
  it("delivers a produced JSON message to the spy, with key and headers", async () => {
    const id = randomUUID();
    await producer.send({
      topic: topics.name("probe.events"),
      acks: -1,
      messages: [
        { key: "aggregate-1", value: JSON.stringify({ id, n: 1 }), headers: { ce_id: id } },
      ],
    });

    const message = await spy.waitFor((m) => (m.value as { id?: string }).id === id);

    expect(message.topic).toBe(`${scope.topicPrefix}.probe.events`);
    expect(message.key).toBe("aggregate-1");
    expect(message.value).toEqual({ id, n: 1 });
    expect(message.headers.ce_id).toBe(id);
  });

  it("keeps one key's messages in the order they were produced", async () => {
    const key = `aggregate-${randomUUID()}`;
    for (let n = 1; n <= 20; n++) {
      await producer.send({
        topic: topics.name("probe.events"),
        acks: -1,
        messages: [{ key, value: JSON.stringify({ n }) }],
      });
    }

    const received = await spy.waitForCount((m) => m.key === key, 20);

    expect(received.map((m) => (m.value as { n: number }).n)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it("keeps topics apart: a message on one topic does not satisfy a wait on another", async () => {
    const id = randomUUID();
    await producer.send({
      topic: topics.name("other.events"),
      acks: -1,
      messages: [{ key: "k", value: JSON.stringify({ id }) }],
    });

    const message = await spy.waitFor((m) => (m.value as { id?: string }).id === id);
    expect(message.topic).toBe(topics.name("other.events"));
    expect(
      spy.received.filter(
        (m) => m.topic === topics.name("probe.events") && (m.value as { id?: string }).id === id,
      ),
    ).toEqual([]);
  });

  it("fails a wait that is never satisfied with what it was waiting for and what it saw", async () => {
    await expect(
      spy.waitFor((m) => m.key === "never-sent", {
        timeoutMs: 500,
        description: "the never-sent event",
      }),
    ).rejects.toThrow(/timed out after 500 ms waiting for 1 × the never-sent event.*0 matched/s);
  });

  it("refuses to name a topic the file did not create", () => {
    expect(() => topics.name("unknown.events")).toThrow(/was not created for this file/);
  });
});

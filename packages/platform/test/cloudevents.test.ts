import { EventSpy, testScope } from "@danvan/testing";
import type { CloudEvent, Message } from "cloudevents";
import { Kafka } from "cloudevents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNotesInstance } from "./fixtures/harness.ts";
import { testEvents } from "./fixtures/notes.ts";

// A subscriber that is not ours reads our events with the CloudEvents SDK for JavaScript: every
// attribute, every extension and the data object must come out as the producer built them, from
// the message exactly as it lies on Kafka (structured content mode of the Kafka binding).
const scope = testScope("cloudevents");
const fixture = useNotesInstance(scope);
let spy: EventSpy;

beforeAll(async () => {
  spy = await EventSpy.start(scope.kafkaBrokers, [fixture.topics.name("notes.note.events")]);
});
afterAll(async () => {
  await spy?.stop();
});

describe("events on Kafka, read with the CloudEvents SDK", () => {
  it("give every attribute, extension and the data object", async () => {
    const envelope = testEvents.written("ce-1", "Dân vận khéo");
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    await fixture.instance.repository.create("ce-1", { text: "Dân vận khéo", unitCode: "00004" }, [
      { topic: fixture.topics.name("notes.note.events"), envelope, traceparent },
    ]);
    const message = await spy.waitFor((m) => m.key === "ce-1", { description: "the note" });

    expect(Kafka.isEvent({ headers: message.headers, body: message.raw })).toBe(true);
    // The SDK's Kafka message: the record's key, headers and value, as a kafkajs consumer gives.
    const record = {
      key: message.key,
      headers: message.headers,
      body: message.raw,
      value: message.raw,
    };
    const read = Kafka.toEvent(record as Message) as CloudEvent<unknown>;
    expect(read.validate()).toBe(true);
    expect(read.toJSON()).toEqual({
      ...envelope,
      // The binding maps the Kafka key to the partitionkey extension: the aggregate id.
      partitionkey: "ce-1",
    });
    expect(message.headers).toEqual({
      "content-type": "application/cloudevents+json; charset=utf-8",
      traceparent,
    });
  });
});

import { describe, expect, it } from "vitest";
import { envelopeSchema, toKafkaRecord, uuidv7 } from "../src/index.ts";

const validEnvelope = () => ({
  specversion: "1.0",
  id: uuidv7(),
  source: "/dialogues",
  type: "vn.danvan.dialogues.petition.assigned.v1",
  subject: "KN-00004-2026-000123",
  time: "2026-11-21T08:00:00.000Z",
  datacontenttype: "application/json",
  unitcode: "00004",
  aggregateversion: 3,
  correlationid: "req-1",
  causationid: "req-1",
  data: { agency: "SO-TNMT" },
});

describe("the CloudEvents envelope", () => {
  it("accepts a complete envelope", () => {
    expect(envelopeSchema.safeParse(validEnvelope()).success).toBe(true);
  });

  it("tolerates attributes added later (forward compatibility)", () => {
    const parsed = envelopeSchema.parse({
      ...validEnvelope(),
      traceparent: "00-abc",
      dataschema: "x",
    });
    expect(parsed.traceparent).toBe("00-abc");
  });

  it.each([
    ["a UUID v4 id", { id: "2f1d1f6e-6a4e-4f1a-9a51-3f5b8e1c2d3a" }],
    ["a type without version", { type: "vn.danvan.dialogues.petition.assigned" }],
    ["a type outside our namespace", { type: "com.example.thing.happened.v1" }],
    ["a 4-digit unit code", { unitcode: "0001" }],
    ["version 0", { aggregateversion: 0 }],
    ["a fractional version", { aggregateversion: 1.5 }],
    ["a local time", { time: "2026-11-21 08:00" }],
    ["another spec version", { specversion: "0.3" }],
    ["a source that is not /<service>", { source: "dialogues" }],
  ])("rejects %s", (_, change) => {
    expect(envelopeSchema.safeParse({ ...validEnvelope(), ...change }).success).toBe(false);
  });

  it("rejects an envelope missing any required attribute", () => {
    for (const key of Object.keys(validEnvelope()).filter((k) => k !== "data")) {
      const { [key]: _, ...rest } = validEnvelope() as Record<string, unknown>;
      expect(envelopeSchema.safeParse(rest).success, key).toBe(false);
    }
  });

  // The Kafka binding's structured content mode (issue 13): the attributes travel in the value
  // only; `ce_` headers beside it would make CloudEvents SDKs read the message in binary mode.
  it("travels on Kafka in the structured content mode of the CloudEvents binding", () => {
    const envelope = envelopeSchema.parse(validEnvelope());
    const record = toKafkaRecord(envelope as never, "00-trace");
    expect(record).toEqual({
      key: envelope.subject,
      value: JSON.stringify(envelope),
      headers: {
        "content-type": "application/cloudevents+json; charset=utf-8",
        traceparent: "00-trace",
      },
    });
    expect(Object.keys(toKafkaRecord(envelope as never).headers)).toEqual(["content-type"]);
  });
});

describe("UUID v7", () => {
  it("carries the version and variant bits and the time", () => {
    const id = uuidv7(Date.UTC(2026, 10, 21));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace("-", "").slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 21));
  });

  it("is unique", () => {
    expect(new Set(Array.from({ length: 10_000 }, () => uuidv7())).size).toBe(10_000);
  });
});

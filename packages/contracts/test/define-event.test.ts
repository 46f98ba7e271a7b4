import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createRegistry,
  defineEvent,
  InvalidEventError,
  UnknownEventTypeError,
} from "../src/index.ts";

const assigned = defineEvent({
  name: "vn.danvan.dialogues.petition.assigned",
  version: 1,
  topic: "dialogues.petition.events",
  description: "A petition was assigned to an agency",
  data: z.object({ agencyCode: z.string(), deadline: z.iso.datetime() }),
});

const newEvent = () => ({
  subject: "p-1",
  unitcode: "00004",
  aggregateversion: 2,
  correlationid: "req-7",
  causationid: "req-7",
  data: { agencyCode: "SO-TNMT", deadline: "2026-12-05T16:59:59.999Z" },
});

describe("defineEvent", () => {
  it("names the type with its version and derives the source from it", () => {
    expect(assigned.type).toBe("vn.danvan.dialogues.petition.assigned.v1");
    expect(assigned.source).toBe("/dialogues");
  });

  it("creates a valid envelope with a fresh id", () => {
    const a = assigned.create(newEvent());
    const b = assigned.create(newEvent());
    expect(a).toMatchObject({
      specversion: "1.0",
      type: assigned.type,
      subject: "p-1",
      aggregateversion: 2,
    });
    expect(a.id).not.toBe(b.id);
    expect(assigned.parse(JSON.parse(JSON.stringify(a)))).toEqual(a);
  });

  it("refuses to create an event whose data does not fit", () => {
    expect(() => assigned.create({ ...newEvent(), data: { agencyCode: 7 } as never })).toThrow();
  });

  it("lets consumers read events that gained optional fields (unknown keys tolerated)", () => {
    const sent = { ...assigned.create(newEvent()), extra: 1 };
    const withNewDataField = { ...sent, data: { ...sent.data, priority: "high" } };
    expect(assigned.parse(withNewDataField).data).toEqual(newEvent().data);
  });

  it("rejects a topic of another service and a malformed name", () => {
    expect(() =>
      defineEvent({
        name: "vn.danvan.news.article.published",
        version: 1,
        topic: "dialogues.petition.events",
        description: "d",
        data: z.object({}),
      }),
    ).toThrow(/belongs to news/);
    expect(() =>
      defineEvent({
        name: "vn.danvan.Dialogues.petition",
        version: 1,
        topic: "dialogues.petition.events",
        description: "d",
        data: z.object({}),
      }),
    ).toThrow(/is not vn.danvan/);
  });
});

describe("a registry", () => {
  const registry = createRegistry([assigned]);

  it("parses raw bytes into the event and its definition", () => {
    const event = assigned.create(newEvent());
    const parsed = registry.parse(Buffer.from(JSON.stringify(event)));
    expect(parsed.definition).toBe(assigned);
    expect(parsed.envelope).toEqual(event);
  });

  it.each([
    ["not JSON", "{oops", /not JSON/],
    ["not an envelope", JSON.stringify({ hello: 1 }), /not a valid event envelope/],
    [
      "an unknown type",
      JSON.stringify({
        ...assigned.create(newEvent()),
        type: "vn.danvan.dialogues.petition.vanished.v1",
      }),
      /unknown event type/,
    ],
    [
      "data that breaks the schema",
      JSON.stringify({ ...assigned.create(newEvent()), data: { agencyCode: 1 } }),
      /invalid vn.danvan.dialogues.petition.assigned.v1/,
    ],
  ])("refuses %s with an InvalidEventError", (_, raw, message) => {
    expect(() => registry.parse(raw)).toThrow(InvalidEventError);
    expect(() => registry.parse(raw)).toThrow(message);
  });

  it("tells a newer version of a known event from an event it never handles", () => {
    const newer = JSON.stringify({
      ...assigned.create(newEvent()),
      type: "vn.danvan.dialogues.petition.assigned.v2",
    });
    const other = JSON.stringify({
      ...assigned.create(newEvent()),
      type: "vn.danvan.dialogues.petition.escalated.v1",
    });
    expect(() => registry.parse(newer)).toThrow(
      expect.objectContaining({ versionOfKnownEvent: true }),
    );
    expect(() => registry.parse(other)).toThrow(
      expect.objectContaining({ versionOfKnownEvent: false }),
    );
    expect(() => registry.parse(other)).toThrow(UnknownEventTypeError);
  });

  it("refuses to register one type twice", () => {
    expect(() => createRegistry([assigned, assigned])).toThrow(/registered twice/);
  });
});

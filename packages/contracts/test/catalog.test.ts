import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { ServiceEvent } from "../src/index.ts";
import {
  allEvents,
  allTopics,
  catalog,
  domainTopics,
  parseEvent,
  topicSpecSchema,
  UnknownEventTypeError,
  unhandledEvent,
} from "../src/index.ts";

const fixturesDir = new URL("../fixtures/", import.meta.url);

describe("the event catalogue", () => {
  it("has exactly one fixture per event version, and every fixture parses", async () => {
    const files = (await readdir(fixturesDir)).filter((f) => f.endsWith(".json")).sort();
    expect(files).toEqual(allEvents.map((e) => `${e.type}.json`).sort());
    for (const file of files) {
      const fixture = JSON.parse(await readFile(new URL(file, fixturesDir), "utf8"));
      const parsed = catalog.parse(fixture);
      expect(parsed.definition.type, file).toBe(file.replace(/\.json$/, ""));
    }
  });

  it("publishes every event on a declared domain topic of its own service", () => {
    const names = new Set<string>(domainTopics.map((t) => t.name));
    for (const event of allEvents) {
      expect(names.has(event.topic), event.type).toBe(true);
    }
  });
});

describe("the topic list", () => {
  it("is valid and has unique names", () => {
    const topics = allTopics();
    for (const topic of topics)
      expect(topicSpecSchema.safeParse(topic).success, topic.name).toBe(true);
    expect(new Set(topics.map((t) => t.name)).size).toBe(topics.length);
  });

  it("keeps domain events forever under <service>.<aggregate>.events", () => {
    for (const topic of domainTopics) {
      expect(topic.retention).toBe("forever");
      expect(topic.name).toMatch(/^[a-z]+\.[a-z-]+\.events$/);
    }
  });
});

describe("a topic declaration", () => {
  const valid = {
    name: "dialogues.petition.events",
    partitions: 6,
    retention: "forever",
    description: "d",
  };
  const parse = (change: object) => topicSpecSchema.safeParse({ ...valid, ...change }).success;

  it("rejects bad names, bad retention, no partitions and unknown keys", () => {
    expect(parse({})).toBe(true);
    expect(parse({ retention: "30d" })).toBe(true);
    expect(parse({ name: "Dialogues.Petition" })).toBe(false);
    expect(parse({ retention: "7 days" })).toBe(false);
    expect(parse({ retention: "0d" })).toBe(false);
    expect(parse({ partitions: 0 })).toBe(false);
    expect(parse({ replicas: 3 })).toBe(false);
  });
});

describe("the event union", () => {
  it("is what parseEvent returns, narrowed by type and by service", async () => {
    const fixture = JSON.parse(
      await readFile(new URL("vn.danvan.dialogues.petition.assigned.v1.json", fixturesDir), "utf8"),
    );
    const event = parseEvent(fixture);
    if (event.source !== "/dialogues") throw new Error("a dialogues event");
    const fromDialogues: ServiceEvent<"dialogues"> = event;
    switch (fromDialogues.type) {
      case "vn.danvan.dialogues.petition.assigned.v1":
        // Narrowed: the data of this event version, typed.
        expect(fromDialogues.data.petition.agencyCode).toBe(fixture.data.petition.agencyCode);
        break;
      default:
        throw new Error(`parsed as ${fromDialogues.type}`);
    }
    expect(() =>
      parseEvent({ ...fixture, type: "vn.danvan.dialogues.petition.assigned.v9" }),
    ).toThrow(UnknownEventTypeError);
  });

  it("has an exhaustiveness guard that throws on what the types rule out", () => {
    expect(() => unhandledEvent({ type: "x" } as never)).toThrow(/no handler for event x/);
  });
});

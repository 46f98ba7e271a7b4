import type { TestTopics } from "@danvan/testing";
import { createTestTopics, EventSpy, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PetitionCommand } from "../src/domain/petition/index.ts";
import { dialoguesInstance } from "./fixtures.ts";
import { petitionStory } from "./petition-stories.ts";

// The petition stories the gateway's tests and the rebuild benchmark project (petition-stories.ts)
// are true to what this service publishes: for each event a story tells, the service's event of
// that type carries a snapshot of the same fields, status and flags.
const scope = testScope("dialogues-stories");
let topics: TestTopics;
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let spy: EventSpy;

beforeAll(async () => {
  topics = await createTestTopics(scope, ["dialogues.petition.events"]);
  instance = await dialoguesInstance(scope);
  spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
});
afterAll(async () => {
  await spy?.stop();
  await instance?.close();
  await topics?.dispose();
});

type Snapshot = Record<string, unknown>;
const shape = (snapshot: Snapshot) => ({
  fields: Object.keys(snapshot).sort(),
  status: snapshot.status,
  overdue: snapshot.overdue,
  answeredOnTime: snapshot.answeredOnTime,
  agencyCode: snapshot.agencyCode,
  topics: snapshot.topics,
});

describe("the petition stories", () => {
  it("tell the events of an answered petition as the service publishes them", async () => {
    const meta = { correlationId: "story", actor: "test" };
    const id = crypto.randomUUID();
    await instance.receive(
      {
        id,
        unitCode: "00004",
        source: "dialogue",
        petitioner: { anonymous: false, name: "A" },
        content: "c",
      },
      meta,
    );
    const path: PetitionCommand[] = [
      { type: "classify", kind: "petition", topics: ["đất đai"] },
      { type: "assign", agencyCode: "SO-TNMT" },
      { type: "draftAnswer", text: "t" },
      { type: "approveAnswer" },
      { type: "publishAnswer" },
    ];
    for (const command of path) await instance.petitions.execute(id, command, meta);
    const published = await spy.waitForCount((m) => m.key === id, 6, { description: "6 events" });
    const byType = new Map(
      published.map((m) => {
        const event = m.value as { type: string; data: { petition: Snapshot } };
        return [event.type, event.data.petition] as const;
      }),
    );
    const story = petitionStory({
      id: crypto.randomUUID(),
      unitCode: "00004",
      receivedAt: new Date(),
      ending: "on-time",
    });
    expect(story.map((e) => e.type)).toEqual([
      "vn.danvan.dialogues.petition.received.v1",
      "vn.danvan.dialogues.petition.classified.v1",
      "vn.danvan.dialogues.petition.assigned.v1",
      "vn.danvan.dialogues.petition.response-published.v1",
    ]);
    for (const event of story) {
      const told = (event.data as { petition: Snapshot }).petition;
      const real = byType.get(event.type);
      expect(real, event.type).toBeDefined();
      expect(shape(told), event.type).toEqual(shape(real as Snapshot));
    }
  });
});

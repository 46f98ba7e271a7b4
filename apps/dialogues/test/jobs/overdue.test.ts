import { createTestTopics, EventSpy, type TestTopics, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

// A petition whose deadline passes emits exactly one "became overdue" within 5 s, with two
// replicas of the service sweeping at once (issue 4). The replicas' clock runs ahead by an offset,
// so a deadline weeks away can pass a second from now.
const scope = testScope("dialogues-overdue");
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let topics: TestTopics;
let replicas: Awaited<ReturnType<typeof dialoguesInstance>>[];
let spy: EventSpy;

beforeAll(async () => {
  topics = await createTestTopics(scope, [{ name: "dialogues.petition.events", partitions: 3 }]);
  replicas = [
    await dialoguesInstance(scope, { now: clock }),
    await dialoguesInstance(scope, { now: clock }),
  ];
  spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
});

afterAll(async () => {
  await spy?.stop();
  for (const replica of replicas ?? []) await replica.close();
  await topics?.dispose();
});

describe("the deadline job", () => {
  it("emits one became-overdue within 5 s of the deadline, with two replicas running", async () => {
    const [a, b] = replicas as [
      Awaited<ReturnType<typeof dialoguesInstance>>,
      Awaited<ReturnType<typeof dialoguesInstance>>,
    ];
    const id = crypto.randomUUID();
    const meta = { correlationId: "test", actor: "test" };
    await a.petitions.receive(
      {
        id,
        unitCode: "00004",
        source: "hotline",
        petitioner: { anonymous: true },
        content: "Đường ngập nước",
      },
      meta,
    );
    await a.petitions.apply(id, { type: "classify", kind: "feedback", topics: ["hạ tầng"] }, meta);
    const { petition } = await a.petitions.apply(id, { type: "assign", agencyCode: "SO-XD" }, meta);
    const dueAt = Date.parse(petition.deadline?.dueAt as string);

    a.deadlines.start();
    b.deadlines.start();
    // Move both replicas' clocks so that the deadline is one second away.
    offset = dueAt - Date.now() - 1000;

    const event = await spy.waitFor(
      (m) =>
        m.key === id &&
        (m.value as { type: string }).type === "vn.danvan.dialogues.petition.became-overdue.v1",
      { timeoutMs: 60_000, description: "the became-overdue event" },
    );
    // The fact's own time, on the replicas' clock: not before the deadline, and within 5 s of it.
    // (When the test's consumer then sees it depends on how busy the machine is, not on the job.)
    const recordedAt = Date.parse((event.value as { time: string }).time);
    expect(recordedAt).toBeGreaterThan(dueAt);
    expect(recordedAt - dueAt).toBeLessThan(5000);
    expect(event.value).toMatchObject({
      data: { change: { agencyCode: "SO-XD" }, petition: { overdue: true } },
    });

    // More sweeps on both replicas find nothing more to say.
    expect(await a.deadlines.runNow()).toMatchObject({ overdue: 0 });
    expect(await b.deadlines.runNow()).toMatchObject({ overdue: 0 });
    expect(await a.relay.flush(10_000)).toBe(true);
    const overdueEvents = spy.received.filter(
      (m) => m.key === id && (m.value as { type: string }).type.endsWith(".became-overdue.v1"),
    );
    expect(overdueEvents).toHaveLength(1);
    expect((await a.petitions.get(id))?.petition.overdue).toBe(true);
  });
});

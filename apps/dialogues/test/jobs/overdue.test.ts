import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestTopics, EventSpy, type TestTopics, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousPetition, dialoguesInstance } from "../fixtures.ts";

// A petition whose deadline passes emits exactly one "became overdue" within 5 s, with two
// replicas of the service sweeping at once (issue 4), and docs/domain.md scenario 1's part in this
// service: the commune's overdue count rises and its on-time rate drops before anyone touches the
// petition. The replicas' clock runs ahead by an offset, so a deadline weeks away can pass a
// second from now.
const scope = testScope("dialogues-overdue");
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let topics: TestTopics;
let replicas: Awaited<ReturnType<typeof dialoguesInstance>>[];
let spy: EventSpy;
let server: Server;

beforeAll(async () => {
  topics = await createTestTopics(scope, [{ name: "dialogues.petition.events", partitions: 3 }]);
  replicas = [
    await dialoguesInstance(scope, { now: clock }),
    await dialoguesInstance(scope, { now: clock }),
  ];
  spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await spy?.stop();
  for (const replica of replicas ?? []) await replica.close();
  await topics?.dispose();
});

describe("the deadline job", () => {
  it("emits one became-overdue within 5 s of the deadline, with two replicas running, and the commune's metrics follow", async () => {
    const [a, b] = replicas as [
      Awaited<ReturnType<typeof dialoguesInstance>>,
      Awaited<ReturnType<typeof dialoguesInstance>>,
    ];
    const meta = { correlationId: "test", actor: "test" };
    server = a.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const token = await a.tokens.sign({ sub: "province", roles: ["province_staff"] });
    const communeMetrics = async () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/petition-metrics?unitCode=00004`;
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as {
        total: { overdue: number; onTimeRate: { basisPoints: number | null } };
      };
      return { overdue: body.total.overdue, onTimeRate: body.total.onTimeRate.basisPoints };
    };
    // One petition of the commune answered on time…
    const { id: answered } = (
      await a.receive(
        anonymousPetition({
          unitCode: "00004",
          source: "dialogue",
          content: "Xin cấp lại giấy tờ",
        }),
        meta,
      )
    ).state;
    for (const step of [
      { type: "classify", kind: "feedback", topics: [] },
      { type: "assign", agencyCode: "SO-XD" },
      { type: "draftAnswer", text: "Đã cấp lại" },
      { type: "approveAnswer" },
      { type: "publishAnswer" },
    ]) {
      await a.petitions.execute(answered, step as never, meta);
    }

    // … and one whose deadline is about to pass.
    const { id } = (
      await a.receive(
        anonymousPetition({ unitCode: "00004", source: "hotline", content: "Đường ngập nước" }),
        meta,
      )
    ).state;
    await a.petitions.execute(
      id,
      { type: "classify", kind: "feedback", topics: ["hạ tầng"] },
      meta,
    );
    const { state: petition } = await a.petitions.execute(
      id,
      { type: "assign", agencyCode: "SO-XD" },
      meta,
    );
    const dueAt = Date.parse(petition.deadline?.dueAt as string);

    expect(await communeMetrics()).toEqual({ overdue: 0, onTimeRate: 10_000 });
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
    expect(await a.outbox.relay.flush(10_000)).toBe(true);
    const overdueEvents = spy.received.filter(
      (m) => m.key === id && (m.value as { type: string }).type.endsWith(".became-overdue.v1"),
    );
    expect(overdueEvents).toHaveLength(1);
    expect((await a.petitions.load(id))?.state.overdue).toBe(true);
    // Nobody touched the petition: on time 1 / (1 answered + 1 open and overdue).
    expect(await communeMetrics()).toEqual({ overdue: 1, onTimeRate: 5_000 });
  });

  it("keeps the running deadline it looks up only while the clock runs, and fills it in for petitions stored before it existed", async () => {
    const [a] = replicas as [Awaited<ReturnType<typeof dialoguesInstance>>];
    const meta = { correlationId: "test", actor: "test" };
    const stored = async (petition: string) =>
      ((await a.petitions.collection.findOne({ _id: petition })) as Record<string, unknown> | null)
        ?.runningDeadlineDueAt;
    const { id } = (
      await a.receive(
        anonymousPetition({ unitCode: "00082", source: "portal", content: "Đèn đường hỏng" }),
        meta,
      )
    ).state;
    expect(await stored(id)).toBeUndefined();
    await a.petitions.execute(id, { type: "classify", kind: "feedback", topics: [] }, meta);
    const { state: petition } = await a.petitions.execute(
      id,
      { type: "assign", agencyCode: "SO-XD" },
      meta,
    );
    const dueAt = petition.deadline?.dueAt as string;
    expect(await stored(id)).toBe(dueAt);
    // Internal: the API's petition never shows it.
    expect((await a.petitions.load(id))?.state).not.toHaveProperty("runningDeadlineDueAt");

    // A petition written before the field existed, in a database that has no record of the
    // migration either: a replica starting up fills it in, and the sweep then finds it.
    await a.petitions.collection.updateOne({ _id: id }, { $unset: { runningDeadlineDueAt: "" } });
    const migration = { _id: "petitions.running-deadline-due-at" } as never;
    const migrations = a.database.collection("migrations");
    expect(await migrations.findOne(migration)).toMatchObject({ changed: 0 });
    await migrations.deleteOne(migration);
    const { overdueCandidates } = a.petitionQueries;
    expect(await overdueCandidates(new Date(Date.parse(dueAt) + 1000), 10)).not.toContain(id);
    const restarted = await dialoguesInstance(scope, { now: clock, relay: false });
    try {
      expect(await stored(id)).toBe(dueAt);
      expect(await migrations.findOne(migration)).toMatchObject({ changed: 1 });
      expect(await overdueCandidates(new Date(Date.parse(dueAt) + 1000), 10)).toContain(id);
      expect(await overdueCandidates(new Date(Date.parse(dueAt) - 1000), 10)).not.toContain(id);
    } finally {
      await restarted.close();
    }

    // Answered: the clock stops, the field goes.
    for (const step of [
      { type: "draftAnswer", text: "Đã sửa" },
      { type: "approveAnswer" },
      { type: "publishAnswer" },
    ]) {
      await a.petitions.execute(id, step as never, meta);
    }
    expect(await stored(id)).toBeUndefined();
    expect(await overdueCandidates(new Date(Date.parse(dueAt) + 1000), 10)).not.toContain(id);
  });
});

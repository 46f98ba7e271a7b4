import { createTestTopics, EventSpy, type TestTopics, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previousMonth } from "../../src/domain/reception/obligation.ts";
import { dialoguesInstance } from "../fixtures.ts";

// docs/domain.md scenario 6: on the first of each month, every head who held fewer reception days
// than required last month is flagged, once; the thresholds are configuration.
const scope = testScope("dialogues-receptions");
let clock = new Date("2026-03-10T02:00:00Z");
let topics: TestTopics;
let replicas: Awaited<ReturnType<typeof dialoguesInstance>>[];
let spy: EventSpy;

beforeAll(async () => {
  topics = await createTestTopics(scope, [
    "dialogues.petition.events",
    "dialogues.session.events",
    "dialogues.reception-obligation.events",
  ]);
  replicas = [
    await dialoguesInstance(scope, { now: () => clock }),
    await dialoguesInstance(scope, { now: () => clock }),
  ];
  spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
});

afterAll(async () => {
  await spy?.stop();
  for (const replica of replicas ?? []) await replica.close();
  await topics?.dispose();
});

async function reception(holderId: string, unitCode: string, day: string) {
  const service = replicas[0]?.sessions;
  if (!service) throw new Error("no replica");
  clock = new Date(`${day}T02:00:00Z`);
  const meta = { correlationId: "test", actor: "test" };
  const { state: session } = await service.create(
    {
      type: "schedule",
      id: crypto.randomUUID(),
      kind: "periodic_reception",
      level: unitCode.length === 2 ? "province" : "commune",
      unitCode,
      chair: { name: holderId, position: "Bí thư", holderId },
      title: "Tiếp công dân định kỳ",
      targetGroups: ["residents"],
      issueGroups: ["other"],
      scheduledAt: clock.toISOString(),
      place: "Trụ sở tiếp công dân",
    },
    meta,
  );
  await service.execute(session.id, { type: "hold", attendeeCount: 12 }, meta);
}

describe("the monthly reception check", () => {
  it("knows last month in Vietnam time", () => {
    expect(previousMonth("2026-04-01")).toEqual({
      month: "2026-03",
      first: "2026-03-01",
      last: "2026-03-31",
    });
    expect(previousMonth("2026-01-01")).toEqual({
      month: "2025-12",
      first: "2025-12-01",
      last: "2025-12-31",
    });
    expect(previousMonth("2028-03-01").last).toBe("2028-02-29");
  });

  it("flags once each holder short of days last month", async () => {
    const [a, b] = replicas as [
      Awaited<ReturnType<typeof dialoguesInstance>>,
      Awaited<ReturnType<typeof dialoguesInstance>>,
    ];
    for (const holder of [
      {
        id: "bi-thu-ba-dinh",
        name: "Lê Thị Hoa",
        position: "Bí thư Đảng ủy phường Ba Đình",
        level: "commune" as const,
        unitCode: "00004",
      },
      {
        id: "bi-thu-cua-nam",
        name: "Phạm Văn Đức",
        position: "Bí thư Đảng ủy phường Cửa Nam",
        level: "commune" as const,
        unitCode: "00082",
      },
      {
        id: "bi-thu-tinh",
        name: "Nguyễn Văn Nam",
        position: "Bí thư Tỉnh ủy",
        level: "province" as const,
        unitCode: "01",
      },
    ]) {
      await a.receptionQueries.registerHolder(holder, undefined);
    }
    // March: Ba Đình's secretary receives on two days (enough), Cửa Nam's on one day twice (not
    // enough: days, not sessions, count), the province secretary on 31 March at 23:00 in Hà Nội
    // (still March there), which is enough for a province.
    await reception("bi-thu-ba-dinh", "00004", "2026-03-05");
    await reception("bi-thu-ba-dinh", "00004", "2026-03-19");
    await reception("bi-thu-cua-nam", "00082", "2026-03-12");
    await reception("bi-thu-cua-nam", "00082", "2026-03-12");
    clock = new Date("2026-03-31T16:00:00Z");
    await reception("bi-thu-tinh", "01", "2026-03-31T16:00:00Z".slice(0, 10));

    clock = new Date("2026-03-31T16:30:00Z"); // still 31 March in Hà Nội: checks February
    expect(await a.receptionCheck.runNow()).toBe(3); // nobody received in February
    clock = new Date("2026-03-31T17:00:05Z"); // 1 April, 00:00:05 in Hà Nội
    const recorded = await Promise.all([a.receptionCheck.runNow(), b.receptionCheck.runNow()]);
    expect(recorded[0] + recorded[1]).toBe(1);
    expect(await a.receptionCheck.runNow()).toBe(0);

    const missed = await spy.waitFor(
      (m) =>
        (m.value as { type: string; data: { month: string } }).type.endsWith(
          "reception-obligation.missed.v1",
        ) && (m.value as { data: { month: string } }).data.month === "2026-03",
      { description: "March's missed obligation" },
    );
    expect(missed.value).toMatchObject({
      data: { holder: { id: "bi-thu-cua-nam" }, required: 2, held: 1, level: "commune" },
    });
    expect(await a.outbox.relay.flush(10_000)).toBe(true);
    const march = spy.received.filter(
      (m) => (m.value as { data?: { month?: string } }).data?.month === "2026-03",
    );
    expect(march).toHaveLength(1);
  });
});

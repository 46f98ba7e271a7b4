import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestTopics, EventSpy, type TestTopics, testScope } from "@danvan/testing";
import { defaultHolidayTable } from "@danvan/vietnam/calendar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousPetition, dialoguesInstance } from "../fixtures.ts";

// docs/domain.md scenario 2: a petition received on the last working day before Tết gets a deadline
// that skips the holiday and the weekend; correcting the holiday table recomputes open deadlines
// with a recorded reason.
const scope = testScope("dialogues-holidays");
let clock = new Date("2026-02-13T03:00:00Z"); // Friday 13 February 2026, 10:00 in Hà Nội
let topics: TestTopics;
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;
let spy: EventSpy;
let admin: string;
let staff: string;

beforeAll(async () => {
  topics = await createTestTopics(scope, ["dialogues.petition.events"]);
  instance = await dialoguesInstance(scope, { now: () => clock });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
  admin = await instance.tokens.sign({ sub: "admin", roles: ["province_admin"] });
  staff = await instance.tokens.sign({ sub: "staff", roles: ["province_staff"] });
});

afterAll(async () => {
  await spy?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
  await topics?.dispose();
});

const put = (token: string, body: unknown) =>
  fetch(`${base}/holiday-table`, {
    method: "PUT",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

const get = async (token: string) => {
  const response = await fetch(`${base}/holiday-table`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("the holiday table", () => {
  it("shows the shipped table to any signed-in user: each year, its status and sources", async () => {
    const shipped = await get(staff);
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ version: 0, changes: [] });
    const years = shipped.body.years as {
      year: number;
      status: string;
      days: { basis: string }[];
    }[];
    expect(years.map((y) => y.year)).toEqual(defaultHolidayTable.years.map((y) => y.year));
    expect(years.every((y) => ["official", "provisional"].includes(y.status))).toBe(true);
    expect(years.every((y) => y.days.every((d) => d.basis.length > 0))).toBe(true);
  });

  it("sets deadlines past Tết, and a corrected table recomputes them with the reason", async () => {
    const meta = { correlationId: "test", actor: "test" };
    const { id } = (
      await instance.receive(
        anonymousPetition({ unitCode: "00004", source: "portal", content: "Kiến nghị trước Tết" }),
        meta,
      )
    ).state;
    await instance.petitions.execute(id, { type: "classify", kind: "feedback", topics: [] }, meta);
    const { state: petition } = await instance.petitions.execute(
      id,
      { type: "assign", agencyCode: "SO-XD" },
      meta,
    );
    // 10 working days after Friday 13 February skip 14–22 February (Tết and weekends): 6 March.
    expect(petition.deadline?.dueAt).toBe("2026-03-06T16:59:59.999Z");

    const corrected = defaultHolidayTable.years.map((year) =>
      year.year === 2026
        ? {
            ...year,
            days: [
              ...year.days,
              {
                date: "2026-03-02",
                name: "Nghỉ bù (đính chính)",
                kind: "compensatory_day_off",
                basis: "Thông báo đính chính (ví dụ)",
              },
            ],
          }
        : year,
    );
    clock = new Date("2026-02-24T03:00:00Z");
    expect((await put(staff, { years: corrected, reason: "x" })).status).toBe(403);
    const response = await put(admin, { years: corrected, reason: "Đính chính lịch nghỉ bù 2026" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: 1, recomputed: 1 });

    const event = await spy.waitFor(
      (m) => m.key === id && (m.value as { type: string }).type.endsWith(".deadline-recomputed.v1"),
      { description: "the recomputed deadline" },
    );
    expect(event.value).toMatchObject({
      data: {
        change: {
          from: "2026-03-06T16:59:59.999Z",
          to: "2026-03-09T16:59:59.999Z",
          reason: "Đính chính lịch nghỉ bù 2026",
        },
        petition: { deadline: { dueAt: "2026-03-09T16:59:59.999Z" } },
      },
    });
    // The same table again moves nothing.
    expect(await (await put(admin, { years: corrected, reason: "lặp lại" })).json()).toEqual({
      version: 2,
      recomputed: 0,
    });
    // Who changed it, when and why, newest first.
    const inForce = await get(staff);
    expect(inForce.body).toMatchObject({
      version: 2,
      reason: "lặp lại",
      updatedBy: "admin",
      changes: [
        { version: 2, reason: "lặp lại", actor: "admin" },
        { version: 1, reason: "Đính chính lịch nghỉ bù 2026", actor: "admin" },
      ],
    });
  });

  it("refuses an invalid table, saying what is wrong, and keeps the one in force", async () => {
    const broken = [
      {
        year: 2026,
        status: "official",
        days: [{ date: "2026-02-30", name: "x", kind: "holiday", basis: "y" }],
      },
    ];
    const response = await put(admin, { years: broken, reason: "thử" });
    expect(response.status).toBe(422);
    expect((await response.json()) as { detail: string }).toMatchObject({
      detail: expect.stringMatching(/days\[0\]\.date: .*YYYY-MM-DD/),
    });
    const stored = await instance.database
      .collection("settings")
      .findOne({ _id: "holiday-table" } as never);
    expect(stored).toMatchObject({ version: 2 });
  });
});

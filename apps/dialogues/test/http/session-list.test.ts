import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousPetition, dialoguesInstance } from "../fixtures.ts";

// The list of sessions: filters, Vietnamese order of chairs' names, local-day periods, folded
// search, paging, each session with its petitions' counts; and a session's timeline.
const scope = testScope("dialogues-session-list");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;
let token: string;
const ids: Record<string, string> = {};

// Instants written in different forms; the API stores them in one, so they compare correctly.
const sessions = [
  // 01:00 on 3 March in Vietnam is 18:00 UTC on 2 March.
  { key: "late", chair: "Đỗ Văn Nam", unitCode: "00004", at: "2026-03-03T01:00:00+07:00" },
  { key: "youth", chair: "Ân Thị Lan", unitCode: "00004", at: "2026-03-10T09:00:00+07:00" },
  { key: "farmers", chair: "Dương Văn Hải", unitCode: "00082", at: "2026-02-20T02:00:00Z" },
  { key: "province", chair: "Bùi Thị Thu", unitCode: "01", at: "2026-04-01T02:00:00Z" },
];

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  token = await instance.tokens.sign({ sub: "viewer", roles: ["agency_officer"], agencies: [] });
  const staff = await instance.tokens.sign({ sub: "seeder", roles: ["province_staff"] });
  const meta = { correlationId: "seed", actor: "seeder" };
  for (const s of sessions) {
    const response = await fetch(`${base}/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${staff}` },
      body: JSON.stringify({
        kind: s.unitCode === "01" ? "thematic_dialogue" : "periodic_reception",
        level: s.unitCode === "01" ? "province" : "commune",
        unitCode: s.unitCode,
        chair: { name: s.chair, position: "Bí thư" },
        title: s.key === "farmers" ? "Đối thoại với nông dân về đất đai" : "Tiếp công dân định kỳ",
        targetGroups: [],
        issueGroups: [],
        scheduledAt: s.at,
        place: "Hội trường Ủy ban",
      }),
    });
    expect(response.status).toBe(201);
    ids[s.key] = ((await response.json()) as { id: string }).id;
  }
  await instance.sessions.execute(ids.youth as string, { type: "announce" }, meta);
  // Two petitions from the farmers' dialogue: one answered, one pending.
  for (const answered of [true, false]) {
    const { state: petition } = await instance.receive(
      anonymousPetition({
        unitCode: "00082",
        source: "dialogue",
        sessionId: ids.farmers as string,
        content: "Đề nghị bồi thường đất",
      }),
      meta,
    );
    if (!answered) continue;
    const steps = [
      { type: "classify", kind: "petition", topics: [] },
      { type: "assign", agencyCode: "SO-TNMT" },
      { type: "draftAnswer", text: "Trả lời" },
      { type: "approveAnswer" },
      { type: "publishAnswer" },
    ];
    for (const step of steps) await instance.petitions.execute(petition.id, step as never, meta);
  }
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
});

async function list(query: string) {
  const response = await fetch(`${base}/sessions?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      total: number;
      items: {
        id: string;
        chair: { name: string };
        status: string;
        petitions: { total: number; answered: number; pending: number };
      }[];
    },
  };
}
const chairs = async (query: string) => (await list(query)).body.items.map((s) => s.chair.name);

describe("listing sessions", () => {
  it("sorts by the chair's name in Vietnamese order (Ân before B, Đ after D), both ways", async () => {
    expect(await chairs("sort=chair")).toEqual([
      "Ân Thị Lan",
      "Bùi Thị Thu",
      "Dương Văn Hải",
      "Đỗ Văn Nam",
    ]);
    const pages = await Promise.all([1, 2].map((p) => chairs(`sort=-chair&pageSize=2&page=${p}`)));
    expect(pages.flat()).toEqual(["Đỗ Văn Nam", "Dương Văn Hải", "Bùi Thị Thu", "Ân Thị Lan"]);
  });

  it("stores instants in one form, whatever offset they were written with", async () => {
    const { body } = await list("sort=scheduledAt");
    expect(body.items.map((s) => (s as unknown as { scheduledAt: string }).scheduledAt)).toEqual([
      "2026-02-20T02:00:00.000Z",
      "2026-03-02T18:00:00.000Z",
      "2026-03-10T02:00:00.000Z",
      "2026-04-01T02:00:00.000Z",
    ]);
  });

  it("sorts by schedule, newest first by default", async () => {
    expect(await chairs("")).toEqual(["Bùi Thị Thu", "Ân Thị Lan", "Đỗ Văn Nam", "Dương Văn Hải"]);
    expect((await chairs("sort=scheduledAt"))[0]).toBe("Dương Văn Hải");
  });

  it("filters by unit, level, kind, status and a period of days in Vietnam", async () => {
    expect((await list("unitCode=00004")).body.total).toBe(2);
    expect(await chairs("level=province")).toEqual(["Bùi Thị Thu"]);
    expect((await list("kind=periodic_reception")).body.total).toBe(3);
    expect(await chairs("status=announced")).toEqual(["Ân Thị Lan"]);
    // The late session is on 3 March in Vietnam, though 2 March in UTC.
    expect(await chairs("from=2026-03-03&to=2026-03-03")).toEqual(["Đỗ Văn Nam"]);
    expect(await chairs("to=2026-03-02")).toEqual(["Dương Văn Hải"]);
    expect(
      await chairs("from=2026-03-02T18:00:00Z&to=2026-03-10T02:00:00Z&sort=scheduledAt"),
    ).toEqual(["Đỗ Văn Nam", "Ân Thị Lan"]);
  });

  it("finds words of the title, chair or place without diacritics", async () => {
    expect(await chairs("q=nong%20dan")).toEqual(["Dương Văn Hải"]);
    expect(await chairs(`q=${encodeURIComponent("ĐỖ VĂN NAM")}`)).toEqual(["Đỗ Văn Nam"]);
    expect((await list("q=hoi%20truong")).body.total).toBe(4);
  });

  it("shows each session's petitions as answered and pending", async () => {
    const { body } = await list("sort=scheduledAt");
    const counts = Object.fromEntries(body.items.map((s) => [s.chair.name, s.petitions]));
    expect(counts["Dương Văn Hải"]).toEqual({ total: 2, answered: 1, pending: 1 });
    expect(counts["Ân Thị Lan"]).toEqual({ total: 0, answered: 0, pending: 0 });
  });

  it("refuses unknown, malformed and operator-shaped parameters", async () => {
    for (const query of ["sort=name", "status=done", "unitCode=4", "q[$ne]=x", "from=tomorrow"]) {
      expect((await list(query)).status, query).toBe(400);
    }
  });

  it("gives a session's timeline with who did what", async () => {
    const response = await fetch(`${base}/sessions/${ids.youth}/timeline`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const timeline = (await response.json()) as { entries: { type: string; actor: string }[] };
    expect(timeline.entries.map((e) => [e.type.split(".")[4], e.actor])).toEqual([
      ["scheduled", "seeder"],
      ["announced", "seeder"],
    ]);
  });
});

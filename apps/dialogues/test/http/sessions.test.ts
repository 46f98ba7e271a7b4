import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestTopics, EventSpy, type TestTopics, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

// docs/domain.md scenario 5: seven petitions raised at a dialogue with farmers on land issues are
// acknowledged; when the assigned agency answers, the dialogue's page shows how many are
// answered and pending.
const scope = testScope("dialogues-sessions");
let topics: TestTopics;
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;
let spy: EventSpy;
let commune: string;
let agency: string;
let otherCommune: string;

beforeAll(async () => {
  topics = await createTestTopics(scope, ["dialogues.petition.events", "dialogues.session.events"]);
  instance = await dialoguesInstance(scope);
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
  commune = await instance.tokens.sign({
    sub: "officer",
    roles: ["commune_officer"],
    units: ["00004"],
  });
  otherCommune = await instance.tokens.sign({
    sub: "other",
    roles: ["commune_officer"],
    units: ["00082"],
  });
  agency = await instance.tokens.sign({
    sub: "agency",
    roles: ["agency_officer"],
    agencies: ["SO-TNMT"],
  });
});

afterAll(async () => {
  await spy?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
  await topics?.dispose();
});

const call = async (method: string, path: string, token: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** Ba Đình's monthly reception, at `scheduledAt`. */
const periodicReception = (scheduledAt: string) => ({
  kind: "periodic_reception",
  level: "commune",
  unitCode: "00004",
  chair: { name: "Lê Thị Hoa", position: "Bí thư Đảng ủy phường" },
  title: "Tiếp công dân định kỳ",
  targetGroups: ["residents"],
  issueGroups: ["other"],
  scheduledAt,
  place: "Trụ sở tiếp công dân",
});

describe("dialogue sessions", () => {
  it("count a dialogue's petitions as answered and pending (scenario 5)", async () => {
    const scheduled = await call("POST", "/sessions", commune, {
      kind: "thematic_dialogue",
      level: "commune",
      unitCode: "00004",
      chair: { name: "Trần Văn Bình", position: "Chủ tịch UBND phường" },
      title: "Đối thoại với nông dân về bồi thường đất",
      targetGroups: ["farmers"],
      issueGroups: ["land_compensation"],
      scheduledAt: "2026-12-10T01:30:00.000Z",
      place: "Hội trường UBND phường",
    });
    expect(scheduled.status).toBe(201);
    const sessionId = scheduled.body.id as string;
    expect((await call("POST", `/sessions/${sessionId}/announce`, commune, {})).status).toBe(200);
    expect(
      (await call("POST", `/sessions/${sessionId}/hold`, commune, { attendeeCount: 84 })).body,
    ).toMatchObject({ status: "held" });

    const ids: string[] = [];
    for (let n = 1; n <= 7; n++) {
      const received = await call("POST", "/petitions", commune, {
        unitCode: "00004",
        source: "dialogue",
        sessionId,
        petitioner: { anonymous: false, name: `Nông dân ${n}` },
        content: `Kiến nghị ${n} về giá bồi thường đất`,
      });
      const id = received.body.id as string;
      ids.push(id);
      await call("POST", `/petitions/${id}/acknowledge`, commune, {});
      await call("POST", `/petitions/${id}/classify`, commune, {
        kind: "petition",
        topics: ["land_compensation"],
      });
      await call("POST", `/petitions/${id}/assign`, commune, { agencyCode: "SO-TNMT" });
    }
    // The agency answers three of them.
    for (const id of ids.slice(0, 3)) {
      await call("POST", `/petitions/${id}/draft-answer`, agency, {
        text: "Trả lời về đơn giá bồi thường",
      });
      await call("POST", `/petitions/${id}/approve-answer`, commune, {});
      const published = await call("POST", `/petitions/${id}/publish-answer`, commune, {});
      expect(published.body).toMatchObject({ status: "answered" });
    }

    const page = await call("GET", `/sessions/${sessionId}`, commune);
    expect(page.body).toMatchObject({
      status: "held",
      petitions: { total: 7, answered: 3, pending: 4 },
    });
    const heldEvent = await spy.waitFor(
      (m) => m.key === sessionId && (m.value as { type: string }).type.endsWith(".held.v1"),
      {
        description: "the session's held event",
      },
    );
    expect(heldEvent.value).toMatchObject({
      data: { change: { attendeeCount: 84 }, session: { status: "held" } },
    });
  });

  it("refuses a session at a time no calendar covers with 400, and schedules nothing", async () => {
    for (const scheduledAt of ["9999-12-31T23:59:59-12:00", "1899-12-31T23:00:00Z"]) {
      const refused = await call("POST", "/sessions", commune, periodicReception(scheduledAt));
      expect(refused.status, scheduledAt).toBe(400);
      expect(JSON.stringify(refused.body)).toContain("từ năm 1900 đến năm 2100");
    }
  });

  it("refuses illegal steps with 409 and other communes with 403", async () => {
    const scheduled = await call(
      "POST",
      "/sessions",
      commune,
      periodicReception("2026-12-15T01:30:00.000Z"),
    );
    const id = scheduled.body.id as string;
    const early = await call("POST", `/sessions/${id}/publish-minutes`, commune, { minutes: "…" });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ currentStatus: "planned" });
    expect(
      (await call("POST", `/sessions/${id}/cancel`, otherCommune, { reason: "x" })).status,
    ).toBe(403);
    expect(
      (await call("POST", `/sessions/${id}/cancel`, commune, { reason: "Bão" })).body,
    ).toMatchObject({ status: "cancelled" });
    expect((await call("POST", `/sessions/${id}/announce`, commune, {})).status).toBe(409);
  });
});

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestTopics, EventSpy, type TestTopics, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

// The petition API over HTTP on the real database, its events awaited on the real broker.
const scope = testScope("dialogues-http");
let topics: TestTopics;
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;
let spy: EventSpy;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  topics = await createTestTopics(scope, [{ name: "dialogues.petition.events", partitions: 3 }]);
  instance = await dialoguesInstance(scope);
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  spy = await EventSpy.start(scope.kafkaBrokers, topics.all);
  const sign = instance.tokens.sign;
  tokens.commune = await sign({
    sub: "officer-ba-dinh",
    roles: ["commune_officer"],
    units: ["00004"],
  });
  tokens.otherCommune = await sign({
    sub: "officer-cua-nam",
    roles: ["commune_officer"],
    units: ["00082"],
  });
  tokens.agency = await sign({ sub: "so-tnmt", roles: ["agency_officer"], agencies: ["SO-TNMT"] });
  tokens.otherAgency = await sign({ sub: "so-xd", roles: ["agency_officer"], agencies: ["SO-XD"] });
  tokens.province = await sign({ sub: "ban-dan-van", roles: ["province_staff"] });
});

afterAll(async () => {
  await spy?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
  await topics?.dispose();
});

const call = (
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  fetch(`${base}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const newPetition = {
  unitCode: "00004",
  source: "dialogue",
  petitioner: { anonymous: false, name: "Nguyễn Thị Thuỷ", phone: "0912 345 678" },
  content: "Đề nghị xem xét bồi thường khi thu hồi đất",
};

async function receive(token = tokens.commune) {
  const response = await call("POST", "/petitions", token, newPetition);
  expect(response.status).toBe(201);
  return (await response.json()) as {
    id: string;
    reference: string;
    version: number;
    status: string;
  };
}

describe("petitions over HTTP", () => {
  it("receives a petition with a reference and publishes its event without personal data", async () => {
    const petition = await receive();
    expect(petition).toMatchObject({ status: "received", version: 1 });
    expect(petition.reference).toMatch(/^KN-00004-20\d\d-\d{6}$/);
    const event = await spy.waitFor((m) => m.key === petition.id, {
      description: "petition received",
    });
    expect(event.value).toMatchObject({
      type: "vn.danvan.dialogues.petition.received.v1",
      unitcode: "00004",
      aggregateversion: 1,
    });
    expect(JSON.stringify(event.value)).not.toMatch(/0912|Thuỷ/);
  });

  it("takes a petition through classification, assignment and the agency's answer", async () => {
    const { id } = await receive();
    const step = async (command: string, token: string, body: unknown = {}) => {
      const response = await call("POST", `/petitions/${id}/${command}`, token, body);
      expect(response.status, `${command}: ${await response.clone().text()}`).toBe(200);
      return (await response.json()) as {
        status: string;
        version: number;
        deadline?: { dueAt: string };
      };
    };
    await step("classify", tokens.commune as string, { kind: "petition", topics: ["đất đai"] });
    const assigned = await step("assign", tokens.commune as string, { agencyCode: "SO-TNMT" });
    expect(assigned.deadline?.dueAt).toMatch(/T16:59:59.999Z$/);
    // Fields kept for queries (a running deadline, search tokens) are never in an answer.
    for (const answer of [
      assigned,
      await (await call("GET", `/petitions/${id}`, tokens.commune)).json(),
      await (await call("GET", "/petitions", tokens.commune)).json(),
    ]) {
      for (const internal of [
        "runningDeadlineDueAt",
        "searchTokens",
        "petitionerSortKey",
        "outbox",
      ]) {
        expect(JSON.stringify(answer)).not.toContain(internal);
      }
    }
    await step("start-work", tokens.agency as string);
    await step("draft-answer", tokens.agency as string, { text: "Sở đã kiểm tra hồ sơ" });
    await step("approve-answer", tokens.commune as string);
    const answered = await step("publish-answer", tokens.commune as string);
    expect(answered).toMatchObject({ status: "answered", version: 7 });

    const events = await spy.waitForCount((m) => m.key === id, 7, {
      description: "seven petition events",
    });
    expect(events.map((m) => (m.value as { type: string }).type.split(".")[4])).toEqual([
      "received",
      "classified",
      "assigned",
      "work-started",
      "answer-drafted",
      "answer-approved",
      "response-published",
    ]);
  });

  it("stores a topic written with either tone placement once, in one spelling", async () => {
    const { id } = await receive();
    const classify = await call("POST", `/petitions/${id}/classify`, tokens.province, {
      kind: "feedback",
      topics: ["Hoà giải", "Hòa  giải", "Thuỷ lợi"],
    });
    expect(classify.status).toBe(200);
    const petition = (await (await call("GET", `/petitions/${id}`, tokens.province)).json()) as {
      topics: string[];
    };
    expect(petition.topics).toEqual(["Hòa giải", "Thủy lợi"]);
  });

  it("keeps a timeline of every event with who caused it, readable only inside scope", async () => {
    const { id } = await receive();
    const classify = await call("POST", `/petitions/${id}/classify`, tokens.province, {
      kind: "petition",
      topics: ["đất đai"],
    });
    expect(classify.status).toBe(200);
    await call("POST", `/petitions/${id}/assign`, tokens.commune, { agencyCode: "SO-TNMT" });
    await call("POST", `/petitions/${id}/start-work`, tokens.agency);

    const response = await call("GET", `/petitions/${id}/timeline`, tokens.agency);
    expect(response.status).toBe(200);
    const timeline = (await response.json()) as {
      reference: string;
      version: number;
      entries: { version: number; type: string; eventId: string; actor: string; at: string }[];
    };
    expect(timeline.version).toBe(4);
    expect(timeline.entries.map((e) => [e.version, e.type.split(".")[4], e.actor])).toEqual([
      [1, "received", "officer-ba-dinh"],
      [2, "classified", "ban-dan-van"],
      [3, "assigned", "officer-ba-dinh"],
      [4, "work-started", "so-tnmt"],
    ]);
    expect(timeline.entries[2]).toMatchObject({ change: { agencyCode: "SO-TNMT" } });
    // The timeline names the very events consumers received.
    const events = await spy.waitForCount((m) => m.key === id, 4, { description: "four events" });
    expect(timeline.entries.map((e) => e.eventId)).toEqual(
      events.map((m) => (m.value as { id: string }).id),
    );
    expect(JSON.stringify(timeline)).not.toMatch(/0912|Thuỷ/);

    for (const outsider of [tokens.otherCommune, tokens.otherAgency]) {
      expect((await call("GET", `/petitions/${id}/timeline`, outsider)).status).toBe(404);
    }
    // The petition itself and lists do not carry the timeline.
    const petition = await (await call("GET", `/petitions/${id}`, tokens.agency)).json();
    expect(petition).not.toHaveProperty("timeline");
  });

  it("drops the old answer from the stored petition when it is reopened", async () => {
    const { id } = await receive();
    for (const [command, token, body] of [
      ["classify", tokens.commune, { kind: "feedback", topics: [] }],
      ["assign", tokens.commune, { agencyCode: "SO-TNMT" }],
      ["draft-answer", tokens.agency, { text: "Trả lời lần một" }],
      ["approve-answer", tokens.commune, {}],
      ["publish-answer", tokens.commune, {}],
      ["reopen", tokens.commune, { reason: "Chưa thỏa đáng" }],
    ] as const) {
      expect((await call("POST", `/petitions/${id}/${command}`, token, body)).status, command).toBe(
        200,
      );
    }
    const stored = await instance.petitions.collection.findOne({ _id: id });
    expect(stored).toMatchObject({ status: "reopened", reopenCount: 1 });
    expect(stored).not.toHaveProperty("answer");
  });

  it("answers an illegal transition with 409 and the current status, and a stale version with 409", async () => {
    const { id } = await receive();
    const illegal = await call("POST", `/petitions/${id}/publish-answer`, tokens.commune);
    expect(illegal.status).toBe(409);
    expect(await illegal.json()).toMatchObject({
      currentStatus: "received",
      detail: 'Không thể thực hiện thao tác này khi đang ở trạng thái "mới tiếp nhận"',
    });
    const stale = await call(
      "POST",
      `/petitions/${id}/classify`,
      tokens.commune,
      { kind: "feedback", topics: [] },
      { "if-match": '"3"' },
    );
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ currentVersion: 1 });
  });

  it("keeps every role inside its scope", async () => {
    const { id } = await receive();
    expect((await call("POST", "/petitions", undefined, newPetition)).status).toBe(401);
    expect((await call("POST", "/petitions", tokens.otherCommune, newPetition)).status).toBe(403);
    expect((await call("POST", "/petitions", tokens.agency, newPetition)).status).toBe(403);
    expect((await call("GET", `/petitions/${id}`, tokens.otherCommune)).status).toBe(404);
    expect(
      (
        await call("POST", `/petitions/${id}/classify`, tokens.otherCommune, {
          kind: "feedback",
          topics: [],
        })
      ).status,
    ).toBe(404);
    await call("POST", `/petitions/${id}/classify`, tokens.commune, {
      kind: "feedback",
      topics: [],
    });
    await call("POST", `/petitions/${id}/assign`, tokens.province, { agencyCode: "SO-TNMT" });
    expect((await call("POST", `/petitions/${id}/start-work`, tokens.otherAgency)).status).toBe(
      404,
    );
    // The assigned agency may work on it but not approve its own answer, nor see contact details.
    expect((await call("POST", `/petitions/${id}/approve-answer`, tokens.agency)).status).toBe(403);
    const agencyView = (await (await call("GET", `/petitions/${id}`, tokens.agency)).json()) as {
      petitioner: unknown;
    };
    expect(agencyView.petitioner).toEqual({ anonymous: false });
    const communeView = (await (await call("GET", `/petitions/${id}`, tokens.commune)).json()) as {
      petitioner: unknown;
    };
    expect(communeView.petitioner).toMatchObject({ name: "Nguyễn Thị Thuỷ" });
  });

  it("refuses bad input with 400 and writes nothing", async () => {
    const before = await instance.petitions.collection.countDocuments();
    for (const body of [
      { ...newPetition, unitCode: { $gt: "" } },
      { ...newPetition, extra: 1 },
      { ...newPetition, content: "x".repeat(20_001) },
      { ...newPetition, source: "rumour" },
    ]) {
      const response = await call("POST", "/petitions", tokens.commune, body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    // Well formed, but a petition that is not anonymous needs a name: a rule, 422.
    const nameless = await call("POST", "/petitions", tokens.commune, {
      ...newPetition,
      petitioner: { anonymous: false },
    });
    expect(nameless.status).toBe(422);
    expect((await call("POST", "/petitions/not-a-uuid/classify", tokens.commune, {})).status).toBe(
      400,
    );
    expect(await instance.petitions.collection.countDocuments()).toBe(before);
  });
});

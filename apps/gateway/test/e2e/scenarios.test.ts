import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Period } from "../../src/projection/periods.ts";
import { periodsOf } from "../../src/projection/periods.ts";
import { dialoguesReplica, freePort, gatewayInstance, until } from "../fixtures.ts";

// docs/domain.md's acceptance scenarios 1, 3, 5 and 6 through the gateway only: every command and
// read goes to the gateway's public API; the dialogues service runs behind it (in-process, with
// a clock the test moves) and its events reach the gateway's dashboards over the real broker.
const scope = testScope("gateway-scenarios");
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
let dialogues: Awaited<ReturnType<typeof dialoguesReplica>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const port = await freePort();
  gateway = await gatewayInstance(
    scope,
    { DIALOGUES_URL: `http://127.0.0.1:${port}` },
    { consume: true },
  );
  dialogues = await dialoguesReplica(scope, { port, gateway: gateway.base, now: clock });
  const users = {
    tinh: [{ role: "province_staff", units: [], agencies: [] }],
    badinh: [{ role: "commune_officer", units: ["00004"], agencies: [] }],
    cuanam: [{ role: "commune_officer", units: ["00082"], agencies: [] }],
    tnmt: [{ role: "agency_officer", units: [], agencies: ["SO-TNMT"] }],
    xd: [{ role: "agency_officer", units: [], agencies: ["SO-XD"] }],
  } as const;
  for (const [name, assignments] of Object.entries(users)) {
    await gateway.user(name, assignments as never);
  }
  await gateway.user("tnmt.lead", users.tnmt as never, { grants: ["petitioner_contact"] });
  for (const name of [...Object.keys(users), "tnmt.lead"]) {
    tokens[name] = (await gateway.login(name)).body.accessToken;
  }
}, 90_000);
afterAll(async () => {
  await dialogues?.close();
  await gateway?.close();
});

const api = (method: string, path: string, who: string, body?: unknown) =>
  gateway.call(method, `/api/v1/dialogues${path}`, tokens[who], body);

async function petition(who: string, unitCode: string, extra: Record<string, unknown> = {}) {
  const created = await api("POST", "/petitions", who, {
    unitCode,
    source: "dialogue",
    petitioner: { anonymous: false, name: "Vũ Thị Lan", phone: "0912 000 111" },
    content: "Đề nghị giải quyết bồi thường đất",
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

async function step(who: string, id: string, command: string, body: unknown = {}) {
  const response = await api("POST", `/petitions/${id}/${command}`, who, body);
  expect(response.status, `${command}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
}

/** The year in Vietnam now (not UTC's: they differ for seven hours a year). */
const thisYear = () => (periodsOf(new Date().toISOString())[3] as Period).key;

type Figures = {
  petitions: { received: number; overdue: number; onTimeRate: { basisPoints: number | null } };
};
const communeInProvince = async (code: string) => {
  const board = (await gateway.call("GET", `/api/v1/dashboard?period=${thisYear()}`, tokens.tinh))
    .body as unknown as {
    children: ({ unit: { code: string } } & Figures)[];
  };
  return board.children.find((c) => c.unit.code === code) as Figures;
};

describe("docs/domain.md scenarios through the gateway", { timeout: 120_000 }, () => {
  it("1: a deadline passes unanswered; within seconds the province dashboard and alerts show it, before anyone touches the petition", async () => {
    // One petition of the commune answered on time, one that will be late.
    const answered = await petition("badinh", "00004");
    await step("badinh", answered, "classify", { kind: "feedback", topics: ["hạ tầng"] });
    await step("badinh", answered, "assign", { agencyCode: "SO-XD" });
    await step("xd", answered, "draft-answer", { text: "Đã sửa" });
    await step("badinh", answered, "approve-answer");
    await step("badinh", answered, "publish-answer");
    const late = await petition("badinh", "00004");
    await step("badinh", late, "classify", { kind: "feedback", topics: ["hạ tầng"] });
    const assigned = await step("badinh", late, "assign", { agencyCode: "SO-XD" });
    const before = await until(
      () => communeInProvince("00004"),
      (f) => f?.petitions.received === 2,
    );
    expect(before.petitions).toMatchObject({ overdue: 0, onTimeRate: { basisPoints: 10_000 } });

    // The deadline passes: nobody calls anything but the dashboard.
    offset = Date.parse((assigned.deadline as { dueAt: string }).dueAt) - Date.now() + 1000;
    const after = await until(
      () => communeInProvince("00004"),
      (f) => f?.petitions.overdue === 1,
    );
    expect(after.petitions).toMatchObject({ overdue: 1, onTimeRate: { basisPoints: 5_000 } });
    const alerts = await gateway.call("GET", "/api/v1/alerts?kind=petition-overdue", tokens.tinh);
    expect((alerts.body.items as { subject: string }[]).map((a) => a.subject)).toContain(late);
    offset = 0;
  });

  it("a petition entered weeks after it arrived, its answer period over, is overdue at once and in the alerts", async () => {
    const arrived = new Date(clock().getTime() - 25 * 24 * 60 * 60 * 1000).toISOString();
    const id = await petition("badinh", "00004", { source: "mail", receivedAt: arrived });
    const received = (await api("GET", `/petitions/${id}`, "badinh")).body;
    expect(received).toMatchObject({ receivedAt: arrived });
    // The written acknowledgement was due 10 working days after the letter arrived.
    expect(Date.parse((received.acknowledgement as { dueAt: string }).dueAt)).toBeLessThan(
      clock().getTime(),
    );
    await step("badinh", id, "classify", { kind: "feedback", topics: ["môi trường"] });
    const assigned = await step("badinh", id, "assign", {
      agencyCode: "SO-TNMT",
      legalStart: arrived,
    });
    expect(assigned).toMatchObject({ status: "assigned", overdue: true });
    const alerts = await until(
      () => gateway.call("GET", "/api/v1/alerts?kind=petition-overdue", tokens.tinh),
      (answer) => (answer.body.items as { subject: string }[]).some((a) => a.subject === id),
    );
    expect(alerts.status).toBe(200);

    const future = new Date(clock().getTime() + 24 * 60 * 60 * 1000).toISOString();
    /** Ba Đình enters a letter that arrived at `receivedAt`. */
    const mailed = (content: string, receivedAt: string) =>
      api("POST", "/petitions", "badinh", {
        unitCode: "00004",
        source: "mail",
        petitioner: { anonymous: true },
        content,
        receivedAt,
      });
    const refused = await mailed("Thư gửi từ ngày mai", future);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      field: "receivedAt",
      detail: "Ngày tiếp nhận không được ở tương lai",
    });
    const tooOld = new Date(clock().getTime() - 40 * 24 * 60 * 60 * 1000).toISOString();
    const old = await mailed("Thư cũ", tooOld);
    expect(old.status).toBe(422);
    expect(String(old.body.detail)).toContain("trong vòng 30 ngày");
  });

  it("3: communes act on their own petitions; agencies see theirs across communes, contacts only when granted; the rest is refused", async () => {
    const badinh = await petition("badinh", "00004");
    const cuanam = await petition("cuanam", "00082");
    for (const [id, who] of [
      [badinh, "badinh"],
      [cuanam, "cuanam"],
    ] as const) {
      await step(who, id, "classify", { kind: "petition", topics: ["đất đai"] });
      await step(who, id, "assign", { agencyCode: "SO-TNMT" });
    }
    // A commune officer: their commune only, reading and acting.
    expect((await api("GET", `/petitions/${cuanam}`, "badinh")).status).toBe(404);
    expect((await api("POST", `/petitions/${cuanam}/acknowledge`, "badinh", {})).status).toBe(404);
    const listed = await api("GET", "/petitions?pageSize=100", "badinh");
    expect((listed.body.items as { unitCode: string }[]).every((p) => p.unitCode === "00004")).toBe(
      true,
    );
    // The agency: both communes' petitions assigned to it, without phone numbers unless granted.
    for (const id of [badinh, cuanam]) {
      const seen = await api("GET", `/petitions/${id}`, "tnmt");
      expect(seen.status).toBe(200);
      expect(seen.body.petitioner).toEqual({ anonymous: false });
      const granted = await api("GET", `/petitions/${id}`, "tnmt.lead");
      expect(granted.body.petitioner).toMatchObject({ phone: "0912 000 111" });
    }
    expect((await api("GET", `/petitions/${badinh}`, "xd")).status).toBe(404);
    // Inside the scope but not the agency's to do: 403.
    expect(
      (
        await api("POST", `/petitions/${badinh}/reassign`, "tnmt", {
          agencyCode: "SO-XD",
          reason: "x",
        })
      ).status,
    ).toBe(403);
    expect((await gateway.call("GET", "/api/v1/dashboard?unit=00082", tokens.badinh)).status).toBe(
      403,
    );
  });

  it("5: seven petitions from a dialogue with farmers; when the agency answers, the dialogue's page shows answered and pending", async () => {
    const scheduled = await gateway.call("POST", "/api/v1/dialogues/sessions", tokens.badinh, {
      kind: "thematic_dialogue",
      level: "commune",
      unitCode: "00004",
      chair: { name: "Lê Thị Hoa", position: "Bí thư Đảng ủy phường" },
      title: "Đối thoại với nông dân về đất đai",
      targetGroups: ["farmers"],
      issueGroups: ["land_compensation"],
      scheduledAt: new Date().toISOString(),
      place: "Hội trường phường",
    });
    expect(scheduled.status).toBe(201);
    const sessionId = scheduled.body.id as string;
    const ids = [];
    for (let i = 0; i < 7; i++) {
      const id = await petition("badinh", "00004", { sessionId });
      await step("badinh", id, "acknowledge");
      await step("badinh", id, "classify", { kind: "petition", topics: ["đất đai"] });
      await step("badinh", id, "assign", { agencyCode: "SO-TNMT" });
      ids.push(id);
    }
    for (const id of ids.slice(0, 3)) {
      await step("tnmt", id, "draft-answer", { text: "Sở đã trả lời" });
      await step("badinh", id, "approve-answer");
      await step("badinh", id, "publish-answer");
    }
    const page = await gateway.call(
      "GET",
      `/api/v1/dialogues/sessions/${sessionId}`,
      tokens.badinh,
    );
    expect(page.body.petitions).toEqual({ total: 7, answered: 3, pending: 4 });
  });

  it("6: on the first of the month, every head short of reception days last month is flagged, in the alerts", async () => {
    const holder = await gateway.call(
      "PUT",
      "/api/v1/dialogues/reception-holders/bi-thu-ba-dinh",
      tokens.badinh,
      {
        name: "Lê Thị Hoa",
        position: "Bí thư Đảng ủy phường",
        level: "commune",
        unitCode: "00004",
      },
    );
    expect(holder.status).toBeLessThan(300);
    // Move the service's clock to the first of next month: last month had no reception by her.
    const today = new Date();
    const firstOfNextMonth = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1, 2);
    offset = firstOfNextMonth - Date.now();
    const alerts = await until(
      async () =>
        (await gateway.call("GET", "/api/v1/alerts?kind=reception-missed", tokens.badinh)).body,
      (b) => (b.total as number) >= 1,
    );
    offset = 0;
    expect((alerts.items as { subject: string; unitCode: string }[])[0]).toMatchObject({
      subject: "bi-thu-ba-dinh",
      unitCode: "00004",
    });
    expect(
      (await gateway.call("GET", "/api/v1/alerts?kind=reception-missed", tokens.cuanam)).body.total,
    ).toBe(0);
  });
});

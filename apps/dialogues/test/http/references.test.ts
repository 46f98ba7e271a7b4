import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedDialogues } from "../fixtures.ts";

// What a command names besides its own aggregate — the session a petition is received at, the
// petition another duplicates — must exist and be the caller's to name: one 422 for both, so
// nothing about other communes leaks, and nothing is written.
const scope = testScope("dialogues-references");
let served: Awaited<ReturnType<typeof servedDialogues>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  served = await servedDialogues(scope, { relay: false });
  const sign = served.instance.tokens.sign;
  tokens.baDinh = await sign({ sub: "ba-dinh", roles: ["commune_officer"], units: ["00004"] });
  tokens.cuaNam = await sign({ sub: "cua-nam", roles: ["commune_officer"], units: ["00082"] });
  tokens.province = await sign({ sub: "tinh", roles: ["province_staff"] });
});
afterAll(() => served?.close());

const call = (method: string, path: string, token: string, body?: unknown) =>
  served.call(method, path, token, body);

const petition = (unitCode: string, sessionId?: string) => ({
  unitCode,
  source: "dialogue",
  petitioner: { anonymous: true },
  content: "Đề nghị sửa đường ngõ",
  ...(sessionId ? { sessionId } : {}),
});

async function session(unitCode: string, token: string) {
  const scheduled = await call("POST", "/sessions", token, {
    kind: unitCode.length === 2 ? "thematic_dialogue" : "periodic_reception",
    level: unitCode.length === 2 ? "province" : "commune",
    unitCode,
    chair: { name: "Lê Thị Hoa", position: "Bí thư" },
    title: "Đối thoại với nhân dân",
    targetGroups: ["residents"],
    issueGroups: ["other"],
    scheduledAt: "2026-12-10T01:30:00.000Z",
    place: "Hội trường",
  });
  expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
  return scheduled.body.id as string;
}

const petitionCount = () => served.instance.database.collection("petitions").countDocuments();

describe("references a command carries", () => {
  it("link a petition only to a session of its own unit or a unit above", async () => {
    const baDinhSession = await session("00004", tokens.baDinh as string);
    const cuaNamSession = await session("00082", tokens.cuaNam as string);
    const provinceSession = await session("01", tokens.province as string);
    const before = await petitionCount();
    for (const sessionId of [cuaNamSession, crypto.randomUUID()]) {
      const refused = await call(
        "POST",
        "/petitions",
        tokens.baDinh as string,
        petition("00004", sessionId),
      );
      expect(refused.status, sessionId).toBe(422);
      expect(refused.body.detail).toContain(
        `Không có buổi đối thoại ${sessionId} của đơn vị 00004`,
      );
    }
    expect(await petitionCount()).toBe(before);
    for (const sessionId of [baDinhSession, provinceSession]) {
      const taken = await call(
        "POST",
        "/petitions",
        tokens.baDinh as string,
        petition("00004", sessionId),
      );
      expect(taken.status, sessionId).toBe(201);
      expect(taken.body.sessionId).toBe(sessionId);
    }
  });

  it("mark a petition a duplicate only of another the caller may read", async () => {
    const baDinh = tokens.baDinh as string;
    const receive = async (unitCode: string, token: string) =>
      (await call("POST", "/petitions", token, petition(unitCode))).body.id as string;
    const mine = await receive("00004", baDinh);
    const original = await receive("00004", baDinh);
    const theirs = await receive("00082", tokens.cuaNam as string);
    const markDuplicate = (of: string) =>
      call("POST", `/petitions/${mine}/mark-duplicate`, baDinh, { of });
    for (const of of [theirs, crypto.randomUUID()]) {
      const refused = await markDuplicate(of);
      expect(refused.status, of).toBe(422);
      expect(refused.body.detail).toBe(`Không có kiến nghị ${of} trong phạm vi của bạn`);
    }
    const itself = await markDuplicate(mine);
    expect(itself.status).toBe(422);
    expect(itself.body.detail).toBe("Một kiến nghị không thể trùng với chính nó");
    // Nothing was written by the refusals.
    expect((await call("GET", `/petitions/${mine}`, baDinh)).body.version).toBe(1);
    const marked = await markDuplicate(original);
    expect(marked.status).toBe(200);
    expect(marked.body.status).toBe("duplicate");
  });
});

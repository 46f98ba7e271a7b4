import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

// What a command names besides its own aggregate — the session a petition is received at, the
// petition another duplicates — must exist and be the caller's to name: one 422 for both, so
// nothing about other communes leaks, and nothing is written.
const scope = testScope("dialogues-references");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = instance.tokens.sign;
  tokens.baDinh = await sign({ sub: "ba-dinh", roles: ["commune_officer"], units: ["00004"] });
  tokens.cuaNam = await sign({ sub: "cua-nam", roles: ["commune_officer"], units: ["00082"] });
  tokens.province = await sign({ sub: "tinh", roles: ["province_staff"] });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
});

const call = async (method: string, path: string, token: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

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

const petitionCount = () => instance.database.collection("petitions").countDocuments();

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
    const mine = (await call("POST", "/petitions", tokens.baDinh as string, petition("00004")))
      .body;
    const original = (await call("POST", "/petitions", tokens.baDinh as string, petition("00004")))
      .body;
    const theirs = (await call("POST", "/petitions", tokens.cuaNam as string, petition("00082")))
      .body;
    const unknown = crypto.randomUUID();
    for (const of of [theirs.id, unknown]) {
      const refused = await call(
        "POST",
        `/petitions/${mine.id}/mark-duplicate`,
        tokens.baDinh as string,
        { of },
      );
      expect(refused.status, String(of)).toBe(422);
      expect(refused.body.detail).toBe(`Không có kiến nghị ${of} trong phạm vi của bạn`);
    }
    const itself = await call(
      "POST",
      `/petitions/${mine.id}/mark-duplicate`,
      tokens.baDinh as string,
      {
        of: mine.id,
      },
    );
    expect(itself.status).toBe(422);
    expect(itself.body.detail).toBe("Một kiến nghị không thể trùng với chính nó");
    // Nothing was written by the refusals.
    expect((await call("GET", `/petitions/${mine.id}`, tokens.baDinh as string)).body.version).toBe(
      1,
    );
    const marked = await call(
      "POST",
      `/petitions/${mine.id}/mark-duplicate`,
      tokens.baDinh as string,
      {
        of: original.id,
      },
    );
    expect(marked.status).toBe(200);
    expect(marked.body.status).toBe("duplicate");
  });
});

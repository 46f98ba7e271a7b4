import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { jsonClient, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

// Every fact has a valid unit: a petition, a session or a reception holder naming a unit that
// does not exist, or no longer exists on the fact's day, is refused with 422 and says what became
// of it (the sample units: Quán Thánh 00013 merged into Ba Đình 00004 on 2025-07-01, Điện Biên
// 00019 divided between Ba Đình and Ngọc Hà 00016, Hà Giang 02 merged into Tuyên Quang 08).
const scope = testScope("dialogues-unit-references");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let call: ReturnType<typeof jsonClient>;
let staff = "";

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  call = jsonClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  staff = await instance.tokens.sign({ sub: "staff", roles: ["province_staff"] });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await instance?.close();
});

const petition = (unitCode: string) => ({
  unitCode,
  source: "hotline",
  petitioner: { anonymous: true },
  content: "Đề nghị sửa đường liên thôn",
});

async function refusal(path: string, body: unknown, method = "POST") {
  const answer = await call<{ detail: string; field: string; status: number }>(
    method,
    path,
    staff,
    body,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(422);
  expect(answer.headers.get("content-type")).toContain("application/problem+json");
  return answer.body;
}

describe("a command naming a unit", () => {
  it("refuses a commune merged by the reform, naming what it became and when", async () => {
    expect(await refusal("/petitions", petition("00013"))).toMatchObject({
      field: "unitCode",
      detail:
        "Đơn vị Phường Quán Thánh (00013) đã sáp nhập vào Phường Ba Đình (00004) từ 01/07/2025",
    });
    const provinceHolder = { name: "Lê Văn Cường", position: "Bí thư Tỉnh ủy", level: "province" };
    expect(
      (
        await refusal(
          "/reception-holders/bi-thu-ha-giang",
          { ...provinceHolder, unitCode: "02" },
          "PUT",
        )
      ).detail,
    ).toBe("Đơn vị Tỉnh Hà Giang (02) đã sáp nhập vào Tỉnh Tuyên Quang (08) từ 01/07/2025");
  });

  it("names every successor of a divided commune, and says a district is no more", async () => {
    expect((await refusal("/petitions", petition("00019"))).detail).toBe(
      "Đơn vị Phường Điện Biên (00019) đã được chia vào Phường Ba Đình (00004), Phường Ngọc Hà (00016) từ 01/07/2025",
    );
    const holder = {
      name: "Lê Văn Cường",
      position: "Bí thư",
      level: "commune",
      unitCode: "00013",
    };
    expect((await refusal("/reception-holders/bi-thu-quan-thanh", holder, "PUT")).detail).toContain(
      "đã sáp nhập vào Phường Ba Đình (00004)",
    );
  });

  it("explains a malformed code in Vietnamese", async () => {
    const answer = await call<{ errors: { path: string; message: string }[] }>(
      "POST",
      "/petitions",
      staff,
      petition("02"),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { path: "body.unitCode", message: "mã xã, phường, đặc khu gồm 5 chữ số" },
    ]);
  });

  it("refuses a code no unit has, and stores nothing", async () => {
    expect((await refusal("/petitions", petition("99999"))).detail).toBe(
      "Không có đơn vị hành chính nào mang mã 99999",
    );
    const listed = await call<{ total: number }>("GET", "/petitions", staff);
    expect(listed.body.total).toBe(0);
  });

  it("takes no reference number for a refused petition", async () => {
    const refused = await call("POST", "/petitions", staff, {
      ...petition("00082"),
      receivedAt: "2099-01-01T00:00:00.000Z",
    });
    expect(refused.status).toBe(422);
    const accepted = await call<{ reference: string }>(
      "POST",
      "/petitions",
      staff,
      petition("00082"),
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.reference).toMatch(/^KN-00082-\d{4}-0*1$/);
  });

  it("checks a session's unit on the day it is to be held", async () => {
    const session = {
      kind: "thematic_dialogue",
      level: "commune",
      unitCode: "00013",
      chair: { name: "Trần Văn Bình", position: "Chủ tịch UBND phường" },
      title: "Đối thoại về giải phóng mặt bằng",
      targetGroups: ["farmers"],
      issueGroups: ["land_compensation"],
      scheduledAt: "2026-12-10T01:30:00.000Z",
      place: "Hội trường UBND phường",
    };
    expect((await refusal("/sessions", session)).detail).toContain("đã sáp nhập vào");
    // Before the reform Quán Thánh was a ward: a session held then is recorded under it.
    const held = await call("POST", "/sessions", staff, {
      ...session,
      scheduledAt: "2025-03-10T01:30:00.000Z",
    });
    expect(held.status).toBe(201);
    expect((await call("POST", "/petitions", staff, petition("00004"))).status).toBe(201);
  });
});

import { loadUnitRegistry } from "@danvan/platform/reference";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayInstance } from "../fixtures.ts";

// The units API over HTTP with the whole country as shipped: anyone may read it.
const scope = testScope("gateway-units");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;

beforeAll(async () => {
  gateway = await gatewayInstance(scope, {}, { units: await loadUnitRegistry(undefined) });
});
afterAll(async () => {
  await gateway?.close();
});

interface Page {
  items: { code: string; name: string; level: string; validFrom: string; validTo?: string }[];
  total: number;
}
const list = async (query: string) => {
  const answer = await gateway.call("GET", `/api/v1/units?${query}`);
  expect(answer.status).toBe(200);
  return answer.body as unknown as Page;
};

describe("searching units", () => {
  it("finds a unit by its name with or without diacritics, in NFC or NFD", async () => {
    const folded = await list("q=ky%20anh&at=2025-06-30");
    expect(folded.items.map((unit) => unit.name)).toEqual(
      expect.arrayContaining(["Huyện Kỳ Anh", "Thị xã Kỳ Anh"]),
    );
    const today = await list("q=ky%20anh");
    expect(today.items.map((unit) => unit.name)).toContain("Xã Kỳ Anh");
    expect(today.items.map((unit) => unit.level)).not.toContain("district");
    const accented = await list(`q=${encodeURIComponent("Kỳ Anh")}&at=2025-06-30`);
    const nfd = await list(`q=${encodeURIComponent("Kỳ Anh".normalize("NFD"))}&at=2025-06-30`);
    expect(accented.items).toEqual(folded.items);
    expect(nfd.items).toEqual(folded.items);
  });

  it("filters by level, parent and date, and pages the answer", async () => {
    const provincesToday = await list("level=province&pageSize=100");
    expect(provincesToday.total).toBe(34);
    const provincesBefore = await list("level=province&at=2025-06-30&pageSize=100");
    expect(provincesBefore.total).toBe(63);
    expect(provincesBefore.items.map((unit) => unit.name)).toContain("Tỉnh Hà Giang");

    const haNoi = await list("parent=01&pageSize=100");
    expect(haNoi.total).toBe(126);
    expect(haNoi.items).toHaveLength(100);
    const second = await list("parent=01&pageSize=100&page=2");
    expect(second.items).toHaveLength(26);
    // In Vietnamese alphabetical order: Ba Đình before Bạch Mai, Đ after D.
    const names = [...haNoi.items, ...second.items].map((unit) =>
      unit.name.replace(/^(Phường|Xã) /, ""),
    );
    expect(names.indexOf("Ba Đình")).toBeLessThan(names.indexOf("Bạch Mai"));

    const districts = await list("parent=01&level=district&at=2025-06-30&pageSize=100");
    expect(districts.total).toBe(30);
    expect((await list("level=district")).total).toBe(0);
  });

  it("refuses a malformed query with a Vietnamese problem", async () => {
    for (const query of [
      "level=huyen",
      "at=2025-02-30",
      "at=0000-01-01",
      "parent=1",
      "pageSize=1000",
      "sort=name",
    ]) {
      const answer = await gateway.call("GET", `/api/v1/units?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.headers.get("content-type")).toContain("application/problem+json");
    }
  });
});

describe("a unit by its code", () => {
  it("gives its names over time, its parent, children, predecessors and successors", async () => {
    const answer = await gateway.call("GET", "/api/v1/units/00004");
    expect(answer.status).toBe(200);
    const unit = answer.body as unknown as Record<string, unknown> & {
      history: { name: string; validFrom: string }[];
      predecessors: { code: string; name: string }[];
      parent: { code: string; name: string };
      changes: { kind: string; from: { code: string }[] }[];
    };
    expect(unit).toMatchObject({
      code: "00004",
      name: "Phường Ba Đình",
      level: "commune",
      validFrom: "2025-07-01",
    });
    expect(unit.history.map((record) => record.name)).toEqual([
      "Phường Trúc Bạch",
      "Phường Ba Đình",
    ]);
    expect(unit.parent).toMatchObject({ code: "01", name: "Thành phố Hà Nội" });
    expect(unit.predecessors.map((p) => p.name)).toEqual(
      expect.arrayContaining(["Phường Trúc Bạch", "Phường Quán Thánh", "Phường Điện Biên"]),
    );
    expect(unit.changes.map((change) => change.kind)).toEqual(
      expect.arrayContaining(["merge", "split"]),
    );

    const before = await gateway.call("GET", "/api/v1/units/00004?at=2025-06-30");
    expect(before.body).toMatchObject({
      name: "Phường Trúc Bạch",
      parent: { code: "001", name: "Quận Ba Đình" },
      successors: [{ code: "00004", name: "Phường Ba Đình" }],
    });
  });

  it("gives a district of before the reform, with its communes of then", async () => {
    const answer = await gateway.call("GET", "/api/v1/units/001");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      name: "Quận Ba Đình",
      level: "district",
      validTo: "2025-06-30",
    });
    expect((answer.body as unknown as { children: unknown[] }).children.length).toBeGreaterThan(10);
    expect(
      (answer.body as unknown as { changes: { kind: string; from: unknown[] }[] }).changes,
    ).toEqual([
      expect.objectContaining({
        kind: "abolish",
        from: [expect.objectContaining({ code: "001" })],
        to: [],
      }),
    ]);
  });

  it("is a 404 in Vietnamese for a code no unit had, or had not on the day asked", async () => {
    const unknown = await gateway.call("GET", "/api/v1/units/99999");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ detail: "Không có đơn vị hành chính nào mang mã 99999" });
    const gone = await gateway.call("GET", "/api/v1/units/001?at=2026-01-01");
    expect(gone.status).toBe(404);
    expect(String((gone.body as unknown as { detail: string }).detail)).toContain(
      "vào ngày 01/01/2026",
    );
  });
});

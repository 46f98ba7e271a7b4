import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

// Lists: filters, scope, Vietnamese search that folds diacritics, pagination and sorting.
const scope = testScope("dialogues-list");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tokens.province = await instance.tokens.sign({ sub: "p", roles: ["province_staff"] });
  tokens.admin = await instance.tokens.sign({ sub: "pa", roles: ["province_admin"] });
  tokens.badinh = await instance.tokens.sign({
    sub: "c",
    roles: ["commune_officer"],
    units: ["00004"],
  });
  tokens.agency = await instance.tokens.sign({
    sub: "a",
    roles: ["agency_officer"],
    agencies: ["SO-TNMT"],
  });

  const meta = { correlationId: "seed", actor: "test" };
  // Names chosen where Vietnamese order differs from code-point order: Ân before B (code points put it after Z), Đ after D.
  const seed = [
    {
      unitCode: "00004",
      content: "Đề nghị bồi thường đất đai khi mở đường",
      agency: "SO-TNMT",
      name: "Đỗ Văn Hùng",
    },
    {
      unitCode: "00004",
      content: "Ô nhiễm môi trường từ xưởng gỗ",
      agency: undefined,
      name: "Ân Thị Hòa",
    },
    {
      unitCode: "00082",
      content: "Giá bồi thường ĐẤT ở thấp",
      agency: "SO-TNMT",
      name: "Dương Thị Mai",
    },
    { unitCode: "00082", content: "Đèn đường hỏng", agency: "SO-XD", name: "Bùi Văn Bình" },
    { unitCode: "00004", content: "Thủ tục hành chính chậm", agency: undefined, name: undefined },
  ];
  for (const [n, item] of seed.entries()) {
    const id = crypto.randomUUID();
    await instance.receive(
      {
        id,
        unitCode: item.unitCode,
        source: n % 2 ? "hotline" : "dialogue",
        petitioner: item.name
          ? { anonymous: false, name: item.name, phone: "0900000000" }
          : { anonymous: true },
        content: item.content,
      },
      meta,
    );
    if (item.agency) {
      await instance.petitions.execute(
        id,
        { type: "classify", kind: "petition", topics: ["đất đai"] },
        meta,
      );
      await instance.petitions.execute(id, { type: "assign", agencyCode: item.agency }, meta);
    }
  }
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
});

async function list(query: string, token = tokens.province as string) {
  const response = await fetch(`${base}/petitions?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      items: { content: string; unitCode: string; petitioner: { name?: string } }[];
      total: number;
    },
  };
}

describe("listing petitions", () => {
  it("finds text with or without diacritics, in any case, NFC or NFD", async () => {
    for (const q of [
      "boi thuong dat",
      "BỒI THƯỜNG ĐẤT",
      "bồi thường đất".normalize("NFD"),
      "boi th",
    ]) {
      const { body } = await list(`q=${encodeURIComponent(q)}`);
      expect(body.items.map((p) => p.content).sort(), q).toEqual([
        "Giá bồi thường ĐẤT ở thấp",
        "Đề nghị bồi thường đất đai khi mở đường",
      ]);
    }
    expect((await list(`q=${encodeURIComponent("đèn")}`)).body.total).toBe(1);
  });

  it("filters by unit, agency, status family and source", async () => {
    expect((await list("unitCode=00004")).body.total).toBe(3);
    expect((await list("agencyCode=SO-TNMT")).body.total).toBe(2);
    expect((await list("family=open&unitCode=00082")).body.total).toBe(2);
    expect((await list("status=assigned")).body.total).toBe(3);
    expect((await list("source=hotline")).body.total).toBe(2);
    expect((await list("overdue=true")).body.total).toBe(0);
  });

  it("shows each role only its scope, and contact details only to those who need them", async () => {
    const commune = await list("", tokens.badinh as string);
    expect(commune.body.total).toBe(3);
    expect(new Set(commune.body.items.map((p) => p.unitCode))).toEqual(new Set(["00004"]));
    const agency = await list("", tokens.agency as string);
    expect(agency.body.total).toBe(2);
    expect(
      agency.body.items.every((p) => JSON.stringify(p.petitioner) === '{"anonymous":false}'),
    ).toBe(true);
  });

  it("pages and sorts", async () => {
    const first = await list("sort=reference&pageSize=2&page=1");
    const third = await list("sort=reference&pageSize=2&page=3");
    expect(first.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(first.body.items).toHaveLength(2);
    expect(third.body.items).toHaveLength(1);
  });

  it("sorts by petitioner name in Vietnamese order, page after page, for readers who see names", async () => {
    const names = async (query: string, token = tokens.admin as string) => {
      const response = await list(query, token);
      expect(response.status, query).toBe(200);
      return response.body.items.map((p) => p.petitioner.name ?? "(ẩn danh)");
    };
    expect(await names("sort=petitioner")).toEqual([
      "(ẩn danh)",
      "Ân Thị Hòa",
      "Bùi Văn Bình",
      "Dương Thị Mai",
      "Đỗ Văn Hùng",
    ]);
    const pages = [1, 2, 3].map((page) => names(`sort=-petitioner&pageSize=2&page=${page}`));
    expect((await Promise.all(pages)).flat()).toEqual([
      "Đỗ Văn Hùng",
      "Dương Thị Mai",
      "Bùi Văn Bình",
      "Ân Thị Hòa",
      "(ẩn danh)",
    ]);
    // A commune officer sees the names in the commune, so may sort them.
    expect(await names("sort=petitioner", tokens.badinh as string)).toEqual([
      "(ẩn danh)",
      "Ân Thị Hòa",
      "Đỗ Văn Hùng",
    ]);
    for (const token of [tokens.province, tokens.agency]) {
      const refused = await list("sort=petitioner", token as string);
      expect(refused.status).toBe(403);
    }
  });

  it("computes DOMAIN's metrics over the caller's scope, per channel, with asOf", async () => {
    const get = async (query: string, token: string) =>
      (await (
        await fetch(`${base}/petition-metrics?${query}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as {
        asOf: string;
        total: { received: number; backlog: number; onTimeRate: { basisPoints: number | null } };
        byChannel: Record<string, { received: number }>;
      };
    const all = await get("", tokens.province as string);
    expect(all.total).toMatchObject({ received: 5, backlog: 5, onTimeRate: { basisPoints: null } });
    expect(Object.values(all.byChannel).reduce((n, m) => n + m.received, 0)).toBe(5);
    expect(Date.parse(all.asOf)).not.toBeNaN();
    expect((await get("", tokens.badinh as string)).total.received).toBe(3);
    expect((await get("unitCode=00082", tokens.province as string)).total.received).toBe(2);
  });

  it("refuses unknown, malformed and operator-shaped parameters", async () => {
    for (const query of [
      "q[$ne]=x",
      "unitCode[$gt]=",
      "pageSize=1000",
      "family=everything",
      "from=yesterday",
      "color=red",
    ]) {
      expect((await list(query)).status, query).toBe(400);
    }
  });
});

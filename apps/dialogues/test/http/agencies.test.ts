import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { jsonClient, runCommand, testPersonalDataKeys, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

// The agencies petitions are assigned to: a registry per province, read by everyone, kept by
// administrators with an audit trail, imported from a list; an assignment names one of them.
const scope = testScope("dialogues-agencies");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let call: ReturnType<typeof jsonClient>;
const tokens = { admin: "", staff: "", commune: "" };

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  call = jsonClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  tokens.admin = await instance.tokens.sign({ sub: "admin", roles: ["province_admin"] });
  tokens.staff = await instance.tokens.sign({ sub: "staff", roles: ["province_staff"] });
  tokens.commune = await instance.tokens.sign({
    sub: "ba-dinh",
    roles: ["commune_officer"],
    units: ["00004"],
  });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await instance?.close();
});

type Page = { items: { code: string; name: string }[]; total: number };

describe("the agency registry", () => {
  it("lists a province's agencies in Vietnamese order, by day and folded name", async () => {
    const all = await call<Page>("GET", "/agencies?province=01", tokens.commune);
    expect(all.status).toBe(200);
    expect(all.body.items.map((a) => a.name)).toEqual([
      "Sở Giao thông vận tải",
      "Sở Lao động - Thương binh và Xã hội",
      "Sở Tài nguyên và Môi trường",
      "Sở Xây dựng",
    ]);
    const found = await call<Page>("GET", "/agencies?province=01&q=xay%20dung", tokens.commune);
    expect(found.body.items.map((a) => a.code)).toEqual(["SO-XD"]);
  });

  it("is kept by administrators: added, changed, unchanged, each change audited", async () => {
    const body = { name: "Sở Nông nghiệp và Môi trường", validFrom: "2025-03-01" };
    expect((await call("PUT", "/agencies/01/SO-NNMT", tokens.staff, body)).status).toBe(403);
    const added = await call("PUT", "/agencies/01/SO-NNMT", tokens.admin, body);
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ outcome: "added", provinceCode: "01", code: "SO-NNMT" });
    expect((await call("PUT", "/agencies/01/SO-NNMT", tokens.admin, body)).body).toMatchObject({
      outcome: "unchanged",
    });
    const renamed = { ...body, name: "Sở Nông nghiệp và Môi trường thành phố" };
    expect((await call("PUT", "/agencies/01/SO-NNMT", tokens.admin, renamed)).body).toMatchObject({
      outcome: "changed",
    });
    const agency = await call<{ name: string; changes: { version: number; actor: string }[] }>(
      "GET",
      "/agencies/01/SO-NNMT",
      tokens.commune,
    );
    expect(agency.body.name).toBe("Sở Nông nghiệp và Môi trường thành phố");
    expect(agency.body.changes.map((c) => [c.version, c.actor])).toEqual([
      [2, "admin"],
      [1, "admin"],
    ]);
  });

  it("answers writes at the same time with one change each or a 409, never a 500, and audits only what changed", async () => {
    const names = [
      "Thanh tra thành phố",
      "Thanh tra Hà Nội",
      "Thanh tra tỉnh",
      "Thanh tra",
      "Thanh tra TP",
    ];
    const answers = await Promise.all(
      names.map((name) =>
        call<{ outcome?: string }>("PUT", "/agencies/01/TTR-TINH", tokens.admin, {
          name,
          validFrom: "2025-01-01",
        }),
      ),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const written = answers.filter((a) => a.status === 200 && a.body.outcome !== "unchanged");
    const agency = await call<{ changes: unknown[] }>("GET", "/agencies/01/TTR-TINH", tokens.admin);
    expect(agency.body.changes).toHaveLength(written.length);
  });

  it("refuses an unknown province and a period that ends before it begins", async () => {
    const unknown = await call("PUT", "/agencies/99/SO-XD", tokens.admin, {
      name: "Sở Xây dựng",
      validFrom: "2025-03-01",
    });
    expect(unknown.status).toBe(422);
    const backwards = await call("PUT", "/agencies/01/SO-XD", tokens.admin, {
      name: "Sở Xây dựng",
      validFrom: "2025-03-01",
      validTo: "2025-02-01",
    });
    expect(backwards.status).toBe(422);
    expect((await call("GET", "/agencies/01/SO-KHONG", tokens.admin)).status).toBe(404);
  });
});

describe("assigning a petition", () => {
  async function classified() {
    const received = await call<{ id: string }>("POST", "/petitions", tokens.commune, {
      unitCode: "00004",
      source: "hotline",
      petitioner: { anonymous: true },
      content: "Rác thải không được thu gom",
    });
    const id = received.body.id;
    await call("POST", `/petitions/${id}/classify`, tokens.commune, {
      kind: "feedback",
      topics: ["môi trường"],
    });
    return id;
  }

  it("refuses an agency the province does not have, or one that has ended", async () => {
    const id = await classified();
    const unknown = await call("POST", `/petitions/${id}/assign`, tokens.commune, {
      agencyCode: "SO-KHONG",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      field: "agencyCode",
      detail: "Không có cơ quan mã SO-KHONG trong danh mục cơ quan của Thành phố Hà Nội",
    });
    await call("PUT", "/agencies/01/SO-KHDT", tokens.admin, {
      name: "Sở Kế hoạch và Đầu tư",
      validFrom: "2020-01-01",
      validTo: "2025-02-28",
    });
    const ended = await call("POST", `/petitions/${id}/assign`, tokens.commune, {
      agencyCode: "SO-KHDT",
    });
    expect(ended.status).toBe(422);
    expect(ended.body).toMatchObject({
      detail: "Cơ quan Sở Kế hoạch và Đầu tư (SO-KHDT) đã thôi hoạt động từ 01/03/2025",
    });
    const assigned = await call("POST", `/petitions/${id}/assign`, tokens.commune, {
      agencyCode: "SO-XD",
    });
    expect(assigned.status).toBe(200);
  });
});

describe("agencies:import", { timeout: 60_000 }, () => {
  const importList = (...args: string[]) =>
    runCommand(
      fileURLToPath(new URL("../../src/tools/import-agencies.ts", import.meta.url)),
      args,
      {
        MONGO_URL: scope.mongoUrl,
        MONGO_DATABASE: scope.databaseName,
        KAFKA_BROKERS: scope.kafkaBrokers.join(","),
        PERSONAL_DATA_KEYS: testPersonalDataKeys(),
        JWT_ISSUER: "https://gateway.danvan.test",
        JWT_JWKS_URL: "http://127.0.0.1:9/jwks.json",
      },
    );
  const standard = fileURLToPath(new URL("../../data/standard-agencies.json", import.meta.url));

  it("registers a province's list once, and changes nothing the second time", () => {
    const first = importList(standard, "--province", "04");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe("province 04: 20 added, 0 changed, 0 unchanged\n");
    const again = importList(standard, "--province", "04");
    expect(again.stdout).toBe("province 04: 0 added, 0 changed, 20 unchanged\n");
  });

  it("answers --help, and refuses a missing province or an unknown option", () => {
    expect(importList("--help").stdout).toMatch(/^usage: npm run agencies:import/);
    expect(importList(standard).status).toBe(2);
    const abolished = importList(standard, "--province", "02");
    expect(abolished.status).toBe(2);
    expect(abolished.stderr).toContain("02 is not a province today");
    expect(importList(standard, "--province", "08", "--bogus").status).toBe(2);
  });
});

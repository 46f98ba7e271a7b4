import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { jsonClient, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialoguesInstance } from "../fixtures.ts";

// Registering the position holders who must receive citizens each month: a holder's unit is of
// their level, and a commune officer registers and changes only their own commune's holders.
const scope = testScope("dialogues-reception-holders");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let call: ReturnType<typeof jsonClient>;
const tokens: Record<"staff" | "commune" | "otherCommune", string> = {
  staff: "",
  commune: "",
  otherCommune: "",
};

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  call = jsonClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const sign = instance.tokens.sign;
  tokens.staff = await sign({ sub: "staff", roles: ["province_staff"] });
  tokens.commune = await sign({ sub: "ba-dinh", roles: ["commune_officer"], units: ["00004"] });
  tokens.otherCommune = await sign({
    sub: "cua-nam",
    roles: ["commune_officer"],
    units: ["00082"],
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await instance?.close();
});

const holder = (unitCode: string, level: "province" | "commune" = "commune") => ({
  name: "Nguyễn Văn An",
  position: "Bí thư Đảng ủy",
  level,
  unitCode,
});

describe("registering a reception holder", () => {
  it("registers a commune's holder and changes them in place", async () => {
    const first = await call("PUT", "/reception-holders/bi-thu-ba-dinh", tokens.commune, {
      ...holder("00004"),
    });
    expect(first.status).toBe(200);
    const renamed = await call("PUT", "/reception-holders/bi-thu-ba-dinh", tokens.commune, {
      ...holder("00004"),
      name: "Trần Thị Bình",
    });
    expect(renamed.status).toBe(200);
    const list = await call<{ items: { id: string; name: string }[] }>(
      "GET",
      "/reception-holders",
      tokens.commune,
    );
    expect(list.body.items.filter((h) => h.id === "bi-thu-ba-dinh")).toEqual([
      { id: "bi-thu-ba-dinh", ...holder("00004"), name: "Trần Thị Bình" },
    ]);
  });

  it("refuses a unit of another level than the holder's, in Vietnamese", async () => {
    const communeInProvince = await call("PUT", "/reception-holders/x", tokens.staff, holder("01"));
    expect(communeInProvince.status).toBe(422);
    expect(communeInProvince.body).toMatchObject({
      type: "https://danvan.vn/problems/command-refused",
      detail: "Người giữ chức vụ cấp xã phải thuộc một đơn vị cấp xã (mã 5 chữ số)",
    });
    const provinceInCommune = await call(
      "PUT",
      "/reception-holders/x",
      tokens.staff,
      holder("00004", "province"),
    );
    expect(provinceInCommune.status).toBe(422);
    const list = await call<{ items: { id: string }[] }>("GET", "/reception-holders", tokens.staff);
    expect(list.body.items.map((h) => h.id)).not.toContain("x");
  });

  it("does not let a commune officer take another commune's holder into theirs", async () => {
    await call("PUT", "/reception-holders/bi-thu-cua-nam", tokens.otherCommune, holder("00082"));
    const taken = await call(
      "PUT",
      "/reception-holders/bi-thu-cua-nam",
      tokens.commune,
      holder("00004"),
    );
    expect(taken.status).toBe(403);
    // Nor move their own holder out of their scope.
    const moved = await call(
      "PUT",
      "/reception-holders/bi-thu-cua-nam",
      tokens.otherCommune,
      holder("00004"),
    );
    expect(moved.status).toBe(403);
    const list = await call<{ items: { id: string; unitCode: string }[] }>(
      "GET",
      "/reception-holders",
      tokens.staff,
    );
    expect(list.body.items.find((h) => h.id === "bi-thu-cua-nam")?.unitCode).toBe("00082");
    // Province staff act everywhere: they may move a holder between communes.
    const byStaff = await call(
      "PUT",
      "/reception-holders/bi-thu-cua-nam",
      tokens.staff,
      holder("00004"),
    );
    expect(byStaff.status).toBe(200);
  });

  it("writes nothing over a registration or change made since the holder was read", async () => {
    const queries = instance.receptionQueries;
    const registered = { id: "pho-chu-tich", ...holder("00004") };
    expect(await queries.registerHolder(registered, undefined)).toBe(true);
    // A second registration of a new holder finds the first: refused, the first kept.
    expect(await queries.registerHolder({ ...registered, name: "Lê Văn Cường" }, undefined)).toBe(
      false,
    );
    const read = await queries.holder("pho-chu-tich");
    expect(read).toEqual(registered);
    const meanwhile = { ...registered, position: "Chủ tịch UBND" };
    expect(await queries.registerHolder(meanwhile, read)).toBe(true);
    // A change based on what was read before that one is refused.
    expect(await queries.registerHolder({ ...registered, unitCode: "00082" }, read)).toBe(false);
    expect(await queries.holder("pho-chu-tich")).toEqual(meanwhile);
  });
});

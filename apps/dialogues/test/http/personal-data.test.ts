import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedDialogues } from "../fixtures.ts";

// Petitioners' personal data: contact details sealed at rest, each reading of name or contact
// recorded before it is shown, and erased on request — on the real database.
const scope = testScope("dialogues-personal-data");
let service: Awaited<ReturnType<typeof servedDialogues>>;
const tokens: Record<string, string> = {};
const petitioner = {
  anonymous: false,
  name: "Hoàng Văn Nam",
  phone: "0987 654 321",
  email: "nam.hoang@example.vn",
  address: "Số 12 ngõ 34 phố Đội Cấn",
};

beforeAll(async () => {
  service = await servedDialogues(scope);
  const sign = service.instance.tokens.sign;
  tokens.officer = await sign({
    sub: "officer-ba-dinh",
    roles: ["commune_officer"],
    units: ["00004"],
  });
  tokens.viewer = await sign({ sub: "viewer", roles: ["viewer"] });
  tokens.admin = await sign({ sub: "admin", roles: ["province_admin"] });
  tokens.staff = await sign({ sub: "staff", roles: ["province_staff"] });
});
afterAll(async () => {
  await service?.close();
});

async function receive() {
  const created = await service.call("POST", "/petitions", tokens.officer as string, {
    unitCode: "00004",
    source: "reception",
    petitioner,
    content: "Đề nghị sửa đèn đường ngõ 34",
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}
const stored = (id: string) =>
  service.instance.database
    .collection<Record<string, unknown>>("petitions")
    .findOne({ _id: id as never });
const readsOf = async (id: string) =>
  (await service.call("GET", `/petitions/${id}/personal-data-reads`, tokens.admin as string))
    .body as { total: number; items: { actor: string; fields: string[]; via: string }[] };

describe("petitioners' contact details", () => {
  it("are sealed in the database, the name kept readable for sorting", async () => {
    const id = await receive();
    const document = (await stored(id)) as unknown as { petitioner: Record<string, string> };
    expect(document.petitioner.name).toBe("Hoàng Văn Nam");
    for (const field of ["phone", "email", "address"]) {
      expect(document.petitioner[field]).toMatch(/^pd1\.test\./);
    }
    // The whole of each: a fragment such as "654" may well occur in a ciphertext's base64.
    const written = JSON.stringify(document);
    for (const text of [petitioner.phone, petitioner.email, petitioner.address]) {
      expect(written).not.toContain(text);
    }
  });

  it("are shown only to who may read them, each reading recorded with who, what and how", async () => {
    const id = await receive();
    const read = await service.call("GET", `/petitions/${id}`, tokens.officer as string);
    expect(read.body.petitioner).toEqual(petitioner);
    const list = await service.call("GET", "/petitions?unitCode=00004", tokens.officer as string);
    expect(list.status).toBe(200);
    // A viewer sees the petition, not its petitioner: nothing to record.
    const viewed = await service.call("GET", `/petitions/${id}`, tokens.viewer as string);
    expect(viewed.body.petitioner).toEqual({ anonymous: false });

    const reads = await readsOf(id);
    expect(reads.items.map((r) => [r.actor, r.via])).toEqual([
      ["officer-ba-dinh", "list"],
      ["officer-ba-dinh", "get"],
    ]);
    expect(reads.items[1]?.fields).toEqual(["name", "phone", "email", "address"]);
    // The trail is the province administrators': others are refused, and it is logged.
    const refused = await service.call(
      "GET",
      `/petitions/${id}/personal-data-reads`,
      tokens.staff as string,
    );
    expect(refused.status).toBe(403);
  });

  it("are not in a command's answer, which nobody recorded", async () => {
    const id = await receive();
    const acknowledged = await service.call(
      "POST",
      `/petitions/${id}/acknowledge`,
      tokens.officer as string,
      {},
    );
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.petitioner).toEqual({ anonymous: false });
    expect((await readsOf(id)).total).toBe(0);
  });

  it("are erased on request by a province administrator; the petition stays", async () => {
    const id = await receive();
    const byOfficer = await service.call(
      "POST",
      `/petitions/${id}/erase-petitioner`,
      tokens.officer as string,
      { basis: "petitioner-request" },
    );
    expect(byOfficer.status).toBe(403);
    const erased = await service.call(
      "POST",
      `/petitions/${id}/erase-petitioner`,
      tokens.admin as string,
      { basis: "petitioner-request" },
    );
    expect(erased.status).toBe(200);
    const after = await service.call("GET", `/petitions/${id}`, tokens.officer as string);
    expect(after.body).toMatchObject({
      status: "received",
      content: "Đề nghị sửa đèn đường ngõ 34",
      petitioner: { anonymous: false, erasedAt: expect.any(String) },
    });
    expect(after.body.petitioner).not.toHaveProperty("name");
    const document = JSON.stringify(await stored(id));
    expect(document).not.toMatch(/Hoàng|pd1\.|hoang van nam/i);
    const timeline = await service.call("GET", `/petitions/${id}/timeline`, tokens.admin as string);
    expect(JSON.stringify(timeline.body)).toContain("petitioner-erased");
    const again = await service.call(
      "POST",
      `/petitions/${id}/erase-petitioner`,
      tokens.admin as string,
      { basis: "petitioner-request" },
    );
    expect(again.status).toBe(409);
  });
});

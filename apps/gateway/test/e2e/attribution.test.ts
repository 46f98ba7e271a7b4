import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitionStory } from "../../../dialogues/test/petition-stories.ts";
import { eventPublisher, gatewayInstance, until } from "../fixtures.ts";

// Scenario 4 on the sample units: on 2025-07-01 Phường Trúc Bạch (00004) and Phường Quán Thánh
// (00013) merged into Phường Ba Đình (00004), and Phường Điện Biên (00019) was divided between Ba
// Đình (which its past facts go to) and Phường Ngọc Hà (00016, with Đội Cấn 00022), all of Quận
// Ba Đình (001) of Hà Nội (01). Petitions recorded before and after, each under the unit of then.
const scope = testScope("gateway-attribution");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
let publisher: Awaited<ReturnType<typeof eventPublisher>>;
let token = "";

let counter = 0;
const story = (unitCode: string, receivedAt: string, ending: "open" | "overdue" = "open") =>
  petitionStory({
    id: `0193a6f0-7c1e-7b21-9d3f-5a1e2b3d${String(counter++).padStart(4, "0")}`,
    unitCode,
    receivedAt: new Date(receivedAt),
    ending,
  });

beforeAll(async () => {
  gateway = await gatewayInstance(scope, {}, { consume: true });
  publisher = await eventPublisher(scope);
  await gateway.user("tinh", [{ role: "province_staff", units: [], agencies: [] }]);
  token = (await gateway.login("tinh")).body.accessToken;
  await publisher.publish([
    ...story("00004", "2024-03-05T02:00:00Z"), // Trúc Bạch
    ...story("00013", "2024-03-06T02:00:00Z"), // Quán Thánh
    ...story("00013", "2024-09-06T02:00:00Z"), // Quán Thánh
    ...story("00019", "2024-04-07T02:00:00Z"), // Điện Biên (divided)
    ...story("00022", "2024-05-08T02:00:00Z"), // Đội Cấn
    ...story("00004", "2025-08-05T02:00:00Z"), // Ba Đình, after the merger
    ...story("00013", "2023-05-08T02:00:00Z", "overdue"), // Quán Thánh, overdue: an alert
  ]);
  await until(
    () => figures("01", "2024"),
    (d) => d.petitions?.received === 5,
  );
}, 60_000);
afterAll(async () => {
  await publisher?.close();
  await gateway?.close();
});

type Dashboard = {
  unit: { code: string; name: string };
  attribution: string;
  petitions: { received: number };
  children: { unit: { code: string; name: string }; petitions: { received: number } }[];
};
async function figures(unit: string, period: string, attribution?: string) {
  const answer = await gateway.call(
    "GET",
    `/api/v1/dashboard?unit=${unit}&period=${period}${attribution ? `&attribution=${attribution}` : ""}`,
    token,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as unknown as Dashboard;
}
const received = (d: Dashboard) => d.petitions.received;
const byChild = (d: Dashboard) =>
  Object.fromEntries(
    d.children.map((c) => [`${c.unit.code} ${c.unit.name}`, c.petitions.received]),
  );

describe("figures re-attributed to today's units and as recorded", () => {
  it("gives today's commune its predecessors' past facts, a divided one's only where its lineage says", async () => {
    const baDinh = await figures("00004", "2024");
    expect(baDinh).toMatchObject({
      attribution: "re-attributed",
      unit: { name: "Phường Ba Đình" },
    });
    expect(received(baDinh)).toBe(4); // Trúc Bạch, Quán Thánh twice, Điện Biên
    expect(received(await figures("00016", "2024"))).toBe(1); // Đội Cấn only
    expect(received(await figures("00004", "2025"))).toBe(1);
  });

  it("shows the old communes apart as recorded, under their names of then", async () => {
    const quanThanh = await figures("00013", "2024", "as-recorded");
    expect(quanThanh.unit.name).toBe("Phường Quán Thánh");
    expect(received(quanThanh)).toBe(2);
    const trucBach = await figures("00004", "2024", "as-recorded");
    expect(trucBach.unit.name).toBe("Phường Trúc Bạch");
    expect(received(trucBach)).toBe(1);
    expect(received(await figures("00004", "2025-08", "as-recorded"))).toBe(1);
  });

  it("adds up the old district from its communes as recorded", async () => {
    const district = await figures("001", "2024", "as-recorded");
    expect(district.unit.name).toBe("Quận Ba Đình");
    expect(received(district)).toBe(5);
    expect(byChild(district)).toMatchObject({
      "00004 Phường Trúc Bạch": 1,
      "00013 Phường Quán Thánh": 2,
      "00019 Phường Điện Biên": 1,
      "00022 Phường Đội Cấn": 1,
    });
  });

  it("counts every fact once for the province either way, under the map of each", async () => {
    const reattributed = await figures("01", "2024");
    expect(received(reattributed)).toBe(5);
    expect(byChild(reattributed)).toMatchObject({
      "00004 Phường Ba Đình": 4,
      "00016 Phường Ngọc Hà": 1,
    });
    const asRecorded = await figures("01", "2024", "as-recorded");
    expect(received(asRecorded)).toBe(5);
    expect(byChild(asRecorded)).toMatchObject({ "001 Quận Ba Đình": 5 });
  });

  it("lists a merged ward's alerts under its successor, and under itself as recorded", async () => {
    const alerts = async (query: string) => {
      const answer = await gateway.call(
        "GET",
        `/api/v1/alerts?kind=petition-overdue&${query}`,
        token,
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return (answer.body.items as { unitCode: string }[]).map((a) => a.unitCode);
    };
    const baDinh = await until(
      () => alerts("unit=00004"),
      (codes) => codes.length === 1,
    );
    expect(baDinh).toEqual(["00013"]);
    expect(await alerts("unit=01")).toEqual(["00013"]);
    expect(await alerts("unit=00004&attribution=as-recorded")).toEqual([]);
    expect(await alerts("unit=00013&attribution=as-recorded")).toEqual(["00013"]);
    expect(await alerts("unit=001&attribution=as-recorded")).toEqual(["00013"]);
    expect(await alerts("unit=00016")).toEqual([]);
  });

  it("is a 404 for an unknown unit, and for a merged one unless asked as recorded", async () => {
    const unknown = await gateway.call("GET", "/api/v1/dashboard?unit=99999&period=2024", token);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ detail: "Không có đơn vị hành chính nào mang mã 99999" });
    const merged = await gateway.call("GET", "/api/v1/dashboard?unit=00013&period=2024", token);
    expect(merged.status).toBe(404);
    expect(String((merged.body as unknown as { detail: string }).detail)).toContain(
      "Phường Ba Đình (00004)",
    );
    const notThen = await gateway.call(
      "GET",
      "/api/v1/dashboard?unit=00013&period=2026&attribution=as-recorded",
      token,
    );
    expect(notThen.status).toBe(404);
  });
});

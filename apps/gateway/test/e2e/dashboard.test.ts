import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitionStory } from "../../../dialogues/test/petition-stories.ts";
import type { Period } from "../../src/projection/periods.ts";
import { periodsOf } from "../../src/projection/periods.ts";
import { eventPublisher, gatewayInstance, until } from "../fixtures.ts";

// Events on the real broker → the gateway group → read models → dashboards, alerts and the
// live stream, each filtered by the caller's scope.
const scope = testScope("gateway-dashboard");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
let publisher: Awaited<ReturnType<typeof eventPublisher>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  gateway = await gatewayInstance(scope, {}, { consume: true });
  publisher = await eventPublisher(scope);
  await gateway.user("tinh", [{ role: "province_staff", units: [], agencies: [] }]);
  await gateway.user("badinh", [{ role: "commune_officer", units: ["00004"], agencies: [] }]);
  await gateway.user("so", [{ role: "agency_officer", units: [], agencies: ["SO-TNMT"] }]);
  for (const name of ["tinh", "badinh", "so"]) {
    tokens[name] = (await gateway.login(name)).body.accessToken;
  }
}, 60_000);
afterAll(async () => {
  await publisher?.close();
  await gateway?.close();
});

const publish = (events: Parameters<typeof publisher.publish>[0]) => publisher.publish(events);

// Received just now, so that the current periods (the overview's) hold them.
const receivedAt = new Date(Date.now() - 1000);
const month = (periodsOf(receivedAt.toISOString())[1] as Period).key;
let counter = 0;
const story = (unitCode: string, ending: "on-time" | "overdue" | "open") =>
  petitionStory({
    id: `0193a6f0-7c1e-7b21-9d3f-5a1e2b3c${String(counter++).padStart(4, "0")}`,
    unitCode,
    receivedAt,
    ending,
  });

type Dashboard = {
  unit: { code: string; name: string };
  petitions: { received: number; overdue: number; onTimeRate: { basisPoints: number | null } };
  asOf: string;
  children: { unit: { code: string }; petitions: { received: number } }[];
};

describe("dashboards", () => {
  it("show a commune's and its province's figures as the events arrive, with asOf", async () => {
    await publish([...story("00004", "on-time"), ...story("00082", "open")]);
    const province = await until(
      async () =>
        (await gateway.call("GET", `/api/v1/dashboard?period=${month}`, tokens.tinh))
          .body as unknown as Dashboard,
      // Eventually consistent: the province and both communes each have their petition.
      (d) =>
        d.petitions?.received === 2 &&
        d.children.filter((c) => c.petitions.received === 1).length === 2,
    );
    expect(province.unit).toMatchObject({ code: "01", name: "Thành phố Hà Nội" });
    expect(Date.parse(province.asOf)).not.toBeNaN();
    const children = Object.fromEntries(
      province.children.map((c) => [c.unit.code, c.petitions.received]),
    );
    expect(children).toMatchObject({ "00004": 1, "00082": 1 });

    const commune = (await gateway.call("GET", "/api/v1/dashboard", tokens.badinh))
      .body as unknown as Dashboard;
    expect(commune.unit.code).toBe("00004");
    expect(commune.petitions).toMatchObject({ received: 1, onTimeRate: { basisPoints: 10_000 } });
  });

  it("raise the overdue count, add an alert and lower the on-time rate when a petition becomes overdue", async () => {
    const events = await new Promise<{ event: string; data: string }[]>((resolve, reject) => {
      const received: { event: string; data: string }[] = [];
      fetch(`${gateway.base}/api/v1/stream?access_token=${tokens.badinh}`)
        .then(async (response) => {
          expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
          const reader = (response.body as ReadableStream<Uint8Array>).getReader();
          const decoder = new TextDecoder();
          let buffer = "";
          await publish(story("00004", "overdue"));
          await publish(story("00082", "overdue"));
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value);
            for (const block of buffer.split("\n\n").slice(0, -1)) {
              const event = /^event: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (event && data) received.push({ event, data });
            }
            buffer = buffer.split("\n\n").at(-1) ?? "";
            if (received.some((e) => e.event === "alert")) {
              await reader.cancel();
              break;
            }
          }
          resolve(received);
        })
        .catch(reject);
    });
    // The commune officer's stream says only what is in their scope.
    expect(
      events.filter((e) => e.event === "alert").map((e) => JSON.parse(e.data).unitCode),
    ).toEqual(["00004"]);
    expect(
      events.every(
        (e) => JSON.parse(e.data).unit !== "00082" && JSON.parse(e.data).unitCode !== "00082",
      ),
    ).toBe(true);

    const commune = await until(
      async () =>
        (await gateway.call("GET", `/api/v1/dashboard?period=${month}`, tokens.badinh))
          .body as unknown as Dashboard,
      (d) => d.petitions.overdue === 1,
    );
    expect(commune.petitions).toMatchObject({
      received: 2,
      overdue: 1,
      onTimeRate: { basisPoints: 5_000 },
    });

    const alerts = await gateway.call("GET", "/api/v1/alerts", tokens.badinh);
    expect(
      (alerts.body.items as { kind: string; unitCode: string }[]).map((a) => [a.kind, a.unitCode]),
    ).toEqual([["petition-overdue", "00004"]]);
    const all = await until(
      async () => (await gateway.call("GET", "/api/v1/alerts", tokens.tinh)).body,
      (b) => b.total === 2,
    );
    expect(all.total).toBe(2);
  });

  it("keep every reader inside their scope", async () => {
    expect((await gateway.call("GET", "/api/v1/dashboard?unit=00082", tokens.badinh)).status).toBe(
      403,
    );
    expect((await gateway.call("GET", "/api/v1/dashboard?unit=01", tokens.badinh)).status).toBe(
      403,
    );
    expect((await gateway.call("GET", "/api/v1/alerts?unit=00082", tokens.badinh)).status).toBe(
      403,
    );
    expect((await gateway.call("GET", "/api/v1/overview", tokens.badinh)).status).toBe(403);
    expect((await gateway.call("GET", "/api/v1/dashboard", tokens.so)).status).toBe(403);
    expect((await gateway.call("GET", "/api/v1/alerts", tokens.so)).body.total as number).toBe(0);
    expect((await gateway.call("GET", "/api/v1/dashboard")).status).toBe(401);
  });

  it("give the province overview to province staff", async () => {
    const overview = await gateway.call("GET", "/api/v1/overview", tokens.tinh);
    expect(overview.status).toBe(200);
    expect(Object.keys(overview.body.periods as object)).toEqual([
      "day",
      "month",
      "quarter",
      "year",
    ]);
    const communes = overview.body.communes as { unit: { code: string }; overdue: number }[];
    expect(communes.find((c) => c.unit.code === "00004")?.overdue).toBe(1);
    expect((overview.body.alerts as unknown[]).length).toBe(2);
  });

  it("give a unit's twelve months of a year, for its trend, within the reader's scope", async () => {
    const year = month.slice(0, 4);
    const trend = await gateway.call("GET", `/api/v1/dashboard/trend?year=${year}`, tokens.tinh);
    expect(trend.status).toBe(200);
    const months = trend.body.months as {
      period: { key: string };
      petitions: { received: number };
    }[];
    expect(months.map((m) => m.period.key)).toEqual(
      Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`),
    );
    const dashboard = (await gateway.call("GET", `/api/v1/dashboard?period=${month}`, tokens.tinh))
      .body as unknown as Dashboard;
    expect(months.find((m) => m.period.key === month)?.petitions.received).toBe(
      dashboard.petitions.received,
    );
    // A commune officer's trend is their commune's, and nobody else's.
    const own = await gateway.call("GET", "/api/v1/dashboard/trend", tokens.badinh);
    expect((own.body.unit as { code: string }).code).toBe("00004");
    for (const query of ["unit=00082", "unit=01"]) {
      expect(
        (await gateway.call("GET", `/api/v1/dashboard/trend?${query}`, tokens.badinh)).status,
      ).toBe(403);
    }
    for (const query of ["year=26", "year=0000", "year=2026-01", "year=9999"]) {
      expect(
        (await gateway.call("GET", `/api/v1/dashboard/trend?${query}`, tokens.tinh)).status,
        query,
      ).toBe(400);
    }
  });

  it("refuses malformed periods and units", async () => {
    for (const query of [
      "period=2026-13",
      "period=2026-Q5",
      "period=yesterday",
      // Dates no calendar covers, and impossible ones.
      "period=0000-01-01",
      "period=0020-02-29",
      "period=9999-12-31",
      "period=%2B010000-01",
      "period=2025-02-30",
      "period=1899",
      "unit=4",
      "colour=red",
    ]) {
      expect(
        (await gateway.call("GET", `/api/v1/dashboard?${query}`, tokens.tinh)).status,
        query,
      ).toBe(400);
    }
  });
});

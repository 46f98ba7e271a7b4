import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitionStory } from "../../../dialogues/test/petition-stories.ts";
import { eventPublisher, gatewayInstance, until } from "../fixtures.ts";

// Roles × units × read endpoints: nobody sees a dashboard, a child's figures, an alert or the
// overview outside their scope. The expected scopes are written out, not computed by the code
// under test.
const scope = testScope("gateway-scopes");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
const tokens: Record<string, string> = {};
const UNITS = ["01", "00004", "00082"];
const mayRead = (reads: string[] | "all", unit: string): boolean =>
  reads === ALL || reads.includes(unit);

/** Every unit, the province's communes included. */
const ALL = "all";
const users: Record<
  string,
  { assignments: unknown[]; reads: string[] | "all"; overview: boolean }
> = {
  admin: {
    assignments: [{ role: "province_admin", units: [], agencies: [] }],
    reads: ALL,
    overview: true,
  },
  staff: {
    assignments: [{ role: "province_staff", units: [], agencies: [] }],
    reads: ALL,
    overview: true,
  },
  viewer: {
    assignments: [{ role: "viewer", units: [], agencies: [] }],
    reads: ALL,
    overview: true,
  },
  "viewer.badinh": {
    assignments: [{ role: "viewer", units: ["00004"], agencies: [] }],
    reads: ["00004"],
    overview: false,
  },
  inspector: {
    assignments: [{ role: "inspector", units: [], agencies: [] }],
    reads: ALL,
    overview: true,
  },
  badinh: {
    assignments: [{ role: "commune_officer", units: ["00004"], agencies: [] }],
    reads: ["00004"],
    overview: false,
  },
  cuanam: {
    assignments: [{ role: "commune_officer", units: ["00082"], agencies: [] }],
    reads: ["00082"],
    overview: false,
  },
  "two.communes": {
    assignments: [{ role: "commune_officer", units: ["00004", "00082"], agencies: [] }],
    reads: ["00004", "00082"],
    overview: false,
  },
  agency: {
    assignments: [{ role: "agency_officer", units: [], agencies: ["SO-TNMT"] }],
    reads: [],
    overview: false,
  },
  editor: {
    assignments: [{ role: "editor", units: [], agencies: [] }],
    reads: [],
    overview: false,
  },
};

beforeAll(async () => {
  gateway = await gatewayInstance(scope, {}, { consume: true });
  for (const [name, { assignments }] of Object.entries(users)) {
    await gateway.user(name, assignments as never);
    tokens[name] = (await gateway.login(name)).body.accessToken;
  }
  const publisher = await eventPublisher(scope);
  const receivedAt = new Date(Date.now() - 1000);
  await publisher.publish([
    ...petitionStory({
      id: "0193a6f0-7c1e-7b21-9d3f-000000000004",
      unitCode: "00004",
      receivedAt,
      ending: "overdue",
    }),
    ...petitionStory({
      id: "0193a6f0-7c1e-7b21-9d3f-000000000082",
      unitCode: "00082",
      receivedAt,
      ending: "overdue",
    }),
  ]);
  await publisher.close();
  await until(
    async () => (await gateway.call("GET", "/api/v1/alerts", tokens.admin)).body.total,
    (total) => total === 2,
  );
}, 90_000);
afterAll(async () => {
  await gateway?.close();
});

describe("read scopes", () => {
  it("dashboards: 200 for readable units, 403 otherwise; children only within scope", async () => {
    let checked = 0;
    for (const [name, { reads }] of Object.entries(users)) {
      for (const unit of UNITS) {
        const response = await gateway.call("GET", `/api/v1/dashboard?unit=${unit}`, tokens[name]);
        expect(response.status, `${name} → ${unit}`).toBe(mayRead(reads, unit) ? 200 : 403);
        if (response.status === 200) {
          for (const child of response.body.children as { unit: { code: string } }[]) {
            expect(mayRead(reads, child.unit.code), `${name} sees child ${child.unit.code}`).toBe(
              true,
            );
          }
        }
        checked++;
      }
    }
    expect(checked).toBe(30);
  });

  it("alerts: per unit 200 or 403, and the unfiltered feed holds only readable units", async () => {
    for (const [name, { reads }] of Object.entries(users)) {
      for (const unit of ["00004", "00082"]) {
        const response = await gateway.call("GET", `/api/v1/alerts?unit=${unit}`, tokens[name]);
        expect(response.status, `${name} → alerts of ${unit}`).toBe(
          mayRead(reads, unit) ? 200 : 403,
        );
      }
      const feed = await gateway.call("GET", "/api/v1/alerts", tokens[name]);
      const units = (feed.body.items as { unitCode: string }[]).map((a) => a.unitCode).sort();
      expect(units, name).toEqual(["00004", "00082"].filter((u) => mayRead(reads, u)));
    }
  });

  it("the province overview only for province-wide readers", async () => {
    for (const [name, { overview }] of Object.entries(users)) {
      const response = await gateway.call("GET", "/api/v1/overview", tokens[name]);
      expect(response.status, name).toBe(overview ? 200 : 403);
    }
  });
});

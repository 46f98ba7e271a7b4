import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayInstance } from "../fixtures.ts";

// One user flooding the API is told to wait (429, Retry-After) while another is served.
const scope = testScope("gateway-admission");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  gateway = await gatewayInstance(scope, {
    API_REQUESTS_PER_SECOND_PER_USER: "2",
    API_BURST_PER_USER: "10",
    API_REQUESTS_PER_SECOND_PER_ADDRESS: "1000",
    API_BURST_PER_ADDRESS: "1000",
  });
  for (const name of ["flood", "calm"]) {
    await gateway.user(name, [{ role: "province_staff", units: [], agencies: [] }]);
    tokens[name] = (await gateway.login(name)).body.accessToken;
  }
});
afterAll(() => gateway?.close());

describe("API admission", () => {
  it("answers a user past their burst with 429 and when to come back; others are served", async () => {
    const flood = await Promise.all(
      Array.from({ length: 40 }, () =>
        gateway.call("GET", "/api/v1/units?q=ba%20dinh", tokens.flood),
      ),
    );
    const refused = flood.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(25);
    expect(flood.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(10);
    expect(refused[0]?.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(refused[0]?.body.detail).toMatch(
      /^Bạn gửi quá nhiều yêu cầu; hãy thử lại sau \d+ giây$/,
    );
    expect((await gateway.call("GET", "/api/v1/units?q=ba%20dinh", tokens.calm)).status).toBe(200);
    // Probes are never limited.
    expect((await fetch(`${gateway.base}/livez`)).status).toBe(200);
  });
});

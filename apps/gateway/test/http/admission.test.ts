import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
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
    // The rate alone here; requests in flight have their own case below.
    API_MAX_IN_FLIGHT_PER_USER: "100",
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

  it("lets a user have only so many requests unanswered, so a slow service stays open to others", async () => {
    // A service that describes one operation and answers it after a second.
    const slow: Server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/openapi.json") {
        res.end(JSON.stringify({ paths: { "/petitions": { get: {} } } }));
        return;
      }
      setTimeout(() => res.end(JSON.stringify({ items: [] })), 1000);
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const bounded = await gatewayInstance(testScope("gateway-in-flight"), {
      DIALOGUES_URL: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
      API_MAX_IN_FLIGHT_PER_USER: "2",
    });
    try {
      for (const name of ["nhieu", "it"]) {
        await bounded.user(name, [{ role: "province_staff", units: [], agencies: [] }]);
      }
      const [many, few] = await Promise.all(
        ["nhieu", "it"].map(async (name) => (await bounded.login(name)).body.accessToken),
      );
      const list = (token: string | undefined) =>
        bounded.call("GET", "/api/v1/dialogues/petitions", token);
      const answers = await Promise.all([
        ...Array.from({ length: 5 }, () => list(many)),
        list(few),
      ]);
      expect(
        answers
          .slice(0, 5)
          .map((a) => a.status)
          .sort(),
      ).toEqual([200, 200, 429, 429, 429]);
      expect(answers[2]?.body.detail ?? answers[4]?.body.detail).toMatch(/chưa được trả lời/);
      // Another user is not held up by them; and the first is served again once answered.
      expect(answers[5]?.status).toBe(200);
      expect((await list(many)).status).toBe(200);
      // A dashboard stream, open for as long as the page is, is not counted.
      const streams = await Promise.all(
        [1, 2, 3].map(() =>
          fetch(`${bounded.base}/api/v1/stream?access_token=${many}`, {
            signal: AbortSignal.timeout(500),
          }).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      expect(streams).toEqual([200, 200, 200]);
    } finally {
      await bounded.close();
      slow.close();
    }
  });
});

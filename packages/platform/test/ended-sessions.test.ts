import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EndedSessionsAnswer } from "@danvan/platform/http";
import {
  createHttpApp,
  createTokenVerifier,
  HttpProblem,
  requireUser,
  SessionEndedError,
  TokenRefusedError,
  watchEndedSessions,
} from "@danvan/platform/http";
import { createTelemetry } from "@danvan/platform/telemetry";
import type { TokenIssuer } from "@danvan/testing";
import { createTokenIssuer } from "@danvan/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { quietLogger } from "./fixtures/harness.ts";

// A service learns of ended logins from the gateway's list (GET …/auth/ended-sessions), here a
// real HTTP server answering as the gateway does; the clock is the test's.
let server: Server;
let url: URL;
let clock = Date.parse("2026-12-03T08:00:00.000Z");
let ended: EndedSessionsAnswer["sessions"] = [];
let requests: URLSearchParams[] = [];
let failing = false;
let tokens: TokenIssuer;

beforeAll(async () => {
  tokens = await createTokenIssuer();
  server = createServer((req, res) => {
    const params = new URL(req.url ?? "/", "http://x").searchParams;
    requests.push(params);
    if (failing) {
      res.statusCode = 502;
      res.end();
      return;
    }
    const since = params.get("since") ?? "";
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        asOf: new Date(clock).toISOString(),
        // As the gateway: what ended at `since` or later (the test stamps ends by refuseUntil).
        sessions: ended.filter((session) => session.refuseUntil >= since),
      }),
    );
  }).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ended-sessions`);
});
afterAll(() => server?.close());
beforeEach(() => {
  ended = [];
  requests = [];
  failing = false;
});

const until = (minutes: number) => new Date(clock + minutes * 60_000).toISOString();

describe("the list of ended logins", () => {
  it("is fetched at the first question, then only what ended since, at most every pollMs", async () => {
    ended = [{ sid: "a", refuseUntil: until(10) }];
    const isEnded = watchEndedSessions({ url, pollMs: 2000, maxStaleMs: 10_000, now: () => clock });
    expect(await isEnded("a")).toBe(true);
    expect(await isEnded("b")).toBe(false);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.has("since")).toBe(false);

    // Past pollMs: the question is answered from what is known, a refresh starts for the next.
    ended.push({ sid: "b", refuseUntil: until(10) });
    clock += 2500;
    expect(await isEnded("b")).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await isEnded("b")).toBe(true);
    expect(requests).toHaveLength(2);
    // Since the previous answer, with an overlap for the gateway replicas' clocks.
    expect(Date.parse(requests[1]?.get("since") ?? "")).toBe(clock - 2500 - 30_000);
  });

  it("forgets a login once its tokens have expired", async () => {
    ended = [{ sid: "short", refuseUntil: until(1) }];
    const isEnded = watchEndedSessions({ url, pollMs: 0, maxStaleMs: 0, now: () => clock });
    expect(await isEnded("short")).toBe(true);
    ended = [];
    clock += 2 * 60_000;
    expect(await isEnded("short")).toBe(false);
  });

  it("is waited for when older than maxStaleMs, and a 503 when it cannot be had (fail closed)", async () => {
    const isEnded = watchEndedSessions({ url, pollMs: 1000, maxStaleMs: 5000, now: () => clock });
    expect(await isEnded("a")).toBe(false);
    failing = true;
    clock += 6000;
    const refusal = await isEnded("a").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(HttpProblem);
    expect((refusal as HttpProblem).status).toBe(503);
    failing = false;
    ended = [{ sid: "a", refuseUntil: until(10) }];
    expect(await isEnded("a")).toBe(true);
  });
});

describe("a service's token verifier", () => {
  it("refuses a token of an ended login, and one naming no login unless in development", async () => {
    ended = [{ sid: "ended-login", refuseUntil: until(10) }];
    const sessionEnded = watchEndedSessions({ url, now: () => clock });
    const verify = createTokenVerifier({ ...tokens, sessionEnded });
    const claims = { sub: "officer", roles: ["commune_officer" as const], units: ["00004"] };
    expect((await verify(await tokens.sign(claims))).sub).toBe("officer");
    await expect(
      verify(await tokens.sign({ ...claims, sid: "ended-login" })),
    ).rejects.toBeInstanceOf(SessionEndedError);
    const sessionless = await tokens.sign(claims, { sessionless: true });
    await expect(verify(sessionless)).rejects.toBeInstanceOf(TokenRefusedError);
    const development = createTokenVerifier({ ...tokens, requireSession: false });
    expect((await development(sessionless)).sub).toBe("officer");
  });

  it("answers 401 for an ended login and 503 with Retry-After when the list cannot be had", async () => {
    ended = [{ sid: "ended-login", refuseUntil: until(10) }];
    failing = false;
    let now = clock;
    const verify = createTokenVerifier({
      ...tokens,
      sessionEnded: watchEndedSessions({ url, pollMs: 1000, maxStaleMs: 5000, now: () => now }),
    });
    const app = createHttpApp({
      logger: quietLogger(),
      telemetry: createTelemetry("ended-sessions-test"),
      readiness: [],
      routes: (app) => {
        app.get("/me", requireUser(verify), (req, res) => {
          res.json({ sub: req.user?.sub });
        });
      },
    });
    const local = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => local.once("listening", resolve));
    try {
      const me = (token: string) =>
        fetch(`http://127.0.0.1:${(local.address() as AddressInfo).port}/me`, {
          headers: { authorization: `Bearer ${token}` },
        });
      const claims = { sub: "officer", roles: ["commune_officer" as const], units: ["00004"] };
      expect((await me(await tokens.sign(claims))).status).toBe(200);
      expect((await me(await tokens.sign({ ...claims, sid: "ended-login" }))).status).toBe(401);
      failing = true;
      now += 6000;
      const unavailable = await me(await tokens.sign(claims));
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get("retry-after")).toBe("1");
      expect(((await unavailable.json()) as { detail: string }).detail).toMatch(/phiên đăng nhập/);
    } finally {
      await new Promise((resolve) => local.close(resolve));
    }
  });
});

// Issue 16: what a dashboard page costs. The server-rendered dashboard (the web app signing the
// user's requests to the gateway, rendering React and drawing the trend chart) against the
// gateway's JSON dashboard it is made from, interleaved in one process; the JavaScript the page
// loads, gzipped; and the largest contentful paint of the page in Chromium on this machine.
// Budget: the page at ≥ 30 % of the JSON's rate, ≤ 150 KB of JavaScript, LCP ≤ 1.5 s.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { ensureChromium } from "@danvan/infra/browser";
import { createLogger } from "@danvan/platform/log";
import { createTelemetry } from "@danvan/platform/telemetry";
import { chromium } from "playwright-core";
import type { ServerBuild } from "react-router";
import { createWebApp } from "../apps/web/server/app.ts";
import { latencyTable } from "./latency.ts";
import { closedLoop } from "./load.ts";
import type { BenchEnvironment } from "./system.ts";
import { PASSWORD, startSystem } from "./system.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = 3;
const CONNECTIONS = 16;
const PAINTS = 7;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function webPages(env: BenchEnvironment, progress: (line: string) => void) {
  const system = await startSystem(env, { name: "web" });
  // The web app's build (npm run bench builds it), named at run time: it is not type-checked.
  const buildEntry = new URL("../apps/web/build/server/index.js", import.meta.url).href;
  const build = (await import(buildEntry)) as ServerBuild;
  const web = createWebApp({
    config: {
      GATEWAY_URL: system.gatewayUrl,
      SESSION_SECRETS: [randomBytes(32).toString("base64url")],
      TRUST_PROXY: [],
    },
    build,
    clientDirectory: new URL("../apps/web/build/client", import.meta.url).pathname,
    logger: createLogger({ service: "bench-web", level: "silent" }),
    telemetry: createTelemetry("bench-web"),
    readiness: [],
  });
  const server: Server = web.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const webUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: await ensureChromium(),
    args: ["--no-sandbox"],
  });
  try {
    const token = await system.login("tinh", "province_staff", []);
    // The same user signs in at the web app: its session cookie.
    const signIn = await fetch(`${webUrl}/dang-nhap`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "tinh", password: PASSWORD, tiep: "/" }),
    });
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
    if (!cookie) throw new Error(`signing in at the web app failed: ${signIn.status}`);
    const page = `${webUrl}/bang-dieu-khien`;
    const json = `${system.gatewayUrl}/api/v1/dashboard`;
    const variants = [
      ["GET /api/v1/dashboard (JSON, the gateway)", json, { authorization: `Bearer ${token}` }],
      ["GET /bang-dieu-khien (the page, server-rendered)", page, { cookie }],
    ] as const;
    for (const [, url, headers] of variants) {
      await closedLoop({ url, headers, connections: 4, seconds: 2 });
    }
    const samples = variants.map(() => [] as number[]);
    const rates = variants.map(() => [] as number[]);
    let errors = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, [, url, headers]] of variants.entries()) {
        const run = await closedLoop({ url, headers, connections: CONNECTIONS, seconds: SECONDS });
        for (const latency of run.latencies) samples[i]?.push(latency);
        rates[i]?.push(run.perSecond);
        errors += run.errors;
      }
      progress(`  web-pages: round ${round}/${ROUNDS} done`);
    }

    // The JavaScript the dashboard page loads: its module scripts and what they preload.
    const html = await (await fetch(page, { headers: { cookie } })).text();
    const scripts = [
      ...new Set(
        [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string),
      ),
    ];
    let gzipped = 0;
    for (const path of scripts) {
      gzipped += gzipSync(
        Buffer.from(await (await fetch(`${webUrl}${path}`)).arrayBuffer()),
      ).length;
    }

    // Largest contentful paint of the dashboard, signed in, each load in a fresh profile.
    const paints: number[] = [];
    for (let n = 0; n < PAINTS; n++) {
      const context = await browser.newContext({ locale: "vi-VN" });
      await context.addCookies([
        {
          name: cookie.split("=")[0] as string,
          value: cookie.slice(cookie.indexOf("=") + 1),
          url: webUrl,
        },
      ]);
      const tab = await context.newPage();
      await tab.goto(page, { waitUntil: "load" });
      // Evaluated in the page (a browser's types, not Node's).
      paints.push(
        await tab.evaluate<number>(`new Promise((resolve) => {
          new PerformanceObserver((list) => resolve(list.getEntries().at(-1)?.startTime ?? -1))
            .observe({ type: "largest-contentful-paint", buffered: true });
        })`),
      );
      await context.close();
    }
    progress("  web-pages: paints measured");

    const [jsonRate, pageRate] = rates.map(median) as [number, number];
    return latencyTable(
      "web-pages",
      `The province's dashboard as a page (the web app in this process: session cookie, two calls to the gateway — the figures and the year's trend —, React rendered on the server; the trend chart is an image at its own address, drawn once per figures) against the gateway's JSON dashboard, ${CONNECTIONS} connections in closed loop, ${ROUNDS} interleaved rounds of ${SECONDS} s. Errors: ${errors}. The page at ${((pageRate / jsonRate) * 100).toFixed(0)} % of the JSON's rate (budget ≥ 30 %). JavaScript the page loads: ${scripts.length} files, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ≤ 150 KB). Largest contentful paint in Debian's Chromium, median of ${PAINTS} loads in fresh profiles: ${median(paints).toFixed(0)} ms (slowest ${Math.max(...paints).toFixed(0)} ms; budget ≤ 1,500 ms).`,
      variants.map(([name], i) => ({
        name,
        samples: samples[i] ?? [],
        extra: { "req/s": median(rates[i] ?? []).toFixed(0) },
      })),
    );
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await system.stop();
  }
}

// Issue 5, benchmark 2: GET /api/v1/dashboard at 64 connections against a bare express "hello"
// endpoint in the same process and run. Target: ≥ 50 % of the bare endpoint's requests per
// second, p99 ≤ 25 ms.
import express from "express";
import { latencyTable } from "./latency.ts";
import { closedLoop } from "./load.ts";
import type { BenchEnvironment } from "./system.ts";
import { startSystem } from "./system.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = 3;

export async function dashboardReads(env: BenchEnvironment, progress: (line: string) => void) {
  const system = await startSystem(env, { name: "reads" });
  const hello = express();
  hello.get("/hello", (_req, res) => {
    res.json({ hello: "world" });
  });
  // The same bytes as the dashboard's answer, from a bare endpoint: what the payload alone costs.
  let sameBody = "";
  hello.get("/same-body", (_req, res) => {
    res.type("json").send(sameBody);
  });
  const bare = hello.listen(0, "127.0.0.1");
  await new Promise((resolve) => bare.once("listening", resolve));
  try {
    const token = await system.login("tinh", "province_staff", []);
    const dashboard = `${system.gatewayUrl}/api/v1/dashboard`;
    const auth = { authorization: `Bearer ${token}` };
    // Warm: figures computed and cached, JIT warm.
    await closedLoop({ url: dashboard, headers: auth, connections: 8, seconds: 2 });
    sameBody = await (await fetch(dashboard, { headers: auth })).text();
    const address = bare.address() as { port: number };
    const results = { hello: [] as number[], same: [] as number[], dashboard: [] as number[] };
    const rates = { hello: [] as number[], same: [] as number[], dashboard: [] as number[] };
    let errors = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, url, headers] of [
        ["hello", `http://127.0.0.1:${address.port}/hello`, {}],
        ["same", `http://127.0.0.1:${address.port}/same-body`, {}],
        ["dashboard", dashboard, auth],
      ] as const) {
        const run = await closedLoop({ url, headers, connections: 64, seconds: SECONDS });
        // Not push(...latencies): a fast run has more than a call's arguments may hold.
        for (const latency of run.latencies) results[name].push(latency);
        rates[name].push(run.perSecond);
        errors += run.errors;
      }
      progress(`  dashboard-reads: round ${round}/${ROUNDS} done`);
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const rps = {
      hello: median(rates.hello),
      same: median(rates.same),
      dashboard: median(rates.dashboard),
    };
    return latencyTable(
      "dashboard-reads",
      `GET /api/v1/dashboard (province, current month, 4 communes; token checked, figures from the gateway's memory) against a bare express endpoint answering {"hello":"world"}, both in this process, 64 connections in closed loop, ${ROUNDS} interleaved rounds of ${SECONDS} s each. Errors: ${errors}. Dashboard throughput: ${((rps.dashboard / rps.hello) * 100).toFixed(0)} % of the bare hello's (target ≥ 50 %), ${((rps.dashboard / rps.same) * 100).toFixed(0)} % of a bare endpoint sending the same bytes; target p99 ≤ 25 ms.`,
      [
        {
          name: "bare express hello (baseline)",
          samples: results.hello,
          extra: { "req/s": rps.hello.toFixed(0) },
        },
        {
          name: `bare express sending the dashboard's ${sameBody.length} bytes`,
          samples: results.same,
          extra: { "req/s": rps.same.toFixed(0) },
        },
        {
          name: "GET /api/v1/dashboard",
          samples: results.dashboard,
          extra: { "req/s": rps.dashboard.toFixed(0) },
        },
      ],
    );
  } finally {
    await new Promise((resolve) => bare.close(resolve));
    await system.stop();
  }
}

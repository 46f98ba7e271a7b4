import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "./src/figures.ts";
import { byStatus, percentile, runLoad } from "./src/load.ts";
import { faultServices } from "./src/services.ts";
import type { FaultSystem } from "./src/system.ts";
import { startFaultSystem } from "./src/system.ts";

// Row "database stopped 30 s under load": writes keep coming through the gateway while the
// database (every service's and the gateway's, one server here) is down for 30 s. Expected: fast
// 503s while it is away, no aggregate half-written, and the same processes serving again once
// it is back, every accepted write stored, published and counted once.
const OUTAGE_MS = Number(process.env.FAULTS_OUTAGE_MS ?? 30_000);
let system: FaultSystem;

beforeAll(async () => {
  system = await startFaultSystem({
    name: "database-outage",
    portBase: 19620,
    services: faultServices,
  });
});
afterAll(async () => {
  await system?.close();
});

describe.each(faultServices)("$name with its database stopped under load", (service) => {
  it("answers 503 at once while it is away, loses and corrupts nothing, and recovers by itself", async () => {
    const token = await system.login(
      `viet.${service.name}`,
      service.writer.role,
      service.writer.units,
    );
    const send = (n: number) => service.write(system.gateway.url, token, n);
    const pids = [system.gateway.process, system.services.get(service.name)?.process];

    let done = false;
    const loadStarted = performance.now();
    const load = runLoad({ workers: 4, until: () => done, send });
    await sleep(10_000);
    const stoppedAt = performance.now();
    await system.stop("ferretdb");
    await sleep(OUTAGE_MS);
    await system.start();
    const restartedAt = performance.now();
    // Until a write is accepted again, then 10 s more of load.
    let recoveredAfterMs = -1;
    for (let i = 0; i < 600 && recoveredAfterMs < 0; i++) {
      const probe = await send(1_000_000 + i);
      if (probe.status === 201) recoveredAfterMs = performance.now() - restartedAt;
      else await sleep(100);
    }
    await sleep(10_000);
    done = true;
    const outcomes = await load;

    // Sent once the database was stopped and before it was started again.
    const during = outcomes.filter(
      (o) => o.at >= stoppedAt - loadStarted && o.at + o.ms <= restartedAt - loadStarted,
    );
    const accepted = outcomes.filter((o) => o.status === 201).map((o) => o.id as string);
    // The outbox drains: every accepted write stored whole and published.
    const problems = await system.problemsOf(service, accepted);
    // The gateway's figures count each accepted write once (the probe's too).
    const expected = accepted.length + 1;
    let counted = await service.projected(system.gateway.url, token);
    for (let i = 0; i < 120 && counted !== expected; i++) {
      await sleep(500);
      counted = await service.projected(system.gateway.url, token);
    }

    // Where a difference would come from: the gateway's own views and what it set aside.
    const gatewayDatabase = await system.database("gateway");
    const views = await gatewayDatabase.collection("petition_views").countDocuments({});
    const setAside = await gatewayDatabase
      .collection("alerts")
      .countDocuments({ kind: "event-set-aside" });
    const figures = {
      service: service.name,
      outageSeconds: OUTAGE_MS / 1000,
      requests: outcomes.length,
      statuses: byStatus(outcomes),
      duringOutage: {
        requests: during.length,
        statuses: byStatus(during),
        medianMs: Math.round(
          percentile(
            during.map((o) => o.ms),
            50,
          ),
        ),
        p99Ms: Math.round(
          percentile(
            during.map((o) => o.ms),
            99,
          ),
        ),
      },
      stoppedForMs: Math.round(restartedAt - stoppedAt),
      firstAcceptedAfterRestartMs: Math.round(recoveredAfterMs),
      accepted: accepted.length,
      problems: problems.length,
      countedByGateway: counted,
      gatewayViews: views,
      setAside,
    };
    recordFigures(`database-outage-${service.name}`, figures);

    // Nothing but "unavailable" while it is away (a 500 is a bug), and answered, not queued.
    expect(Object.keys(byStatus(during)).filter((s) => s !== "503" && s !== "201")).toEqual([]);
    expect(during.filter((o) => o.status === 503).length).toBeGreaterThan(0);
    expect(figures.duringOutage.p99Ms).toBeLessThan(6000);
    expect(recoveredAfterMs).toBeGreaterThanOrEqual(0);
    expect(problems).toEqual([]);
    expect(counted).toBe(expected);
    // The same processes, still running: nothing was restarted.
    for (const run of pids) {
      expect(await Promise.race([run?.exited, sleep(10, "running")])).toBe("running");
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "./src/figures.ts";
import { byStatus } from "./src/load.ts";
import { outageUnderLoad } from "./src/outage.ts";
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
    const run = await outageUnderLoad({
      system,
      service,
      component: "ferretdb",
      outageMs: OUTAGE_MS,
      // Until the database is back, however many that is.
      total: 400,
      stopAfter: 400,
      username: `viet.${service.name}`,
    });
    recordFigures(`database-outage-${service.name}`, run.figures);

    // Nothing but "unavailable" while it is away (a 500 is a bug), and answered, not queued.
    expect(Object.keys(byStatus(run.during)).filter((s) => s !== "503" && s !== "201")).toEqual([]);
    expect(run.during.filter((o) => o.status === 503).length).toBeGreaterThan(0);
    expect(run.figures.whileStopped.p99Ms).toBeLessThan(6000);
    expect(run.figures.firstAcceptedAfterRestartMs).toBeGreaterThanOrEqual(0);
    expect(run.problems).toEqual([]);
    expect(run.counted).toBe(run.accepted.length);
    // The same processes, still running: nothing was restarted.
    expect(run.stillRunning).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "./src/figures.ts";
import { byStatus } from "./src/load.ts";
import { outageUnderLoad } from "./src/outage.ts";
import { faultServices } from "./src/services.ts";
import type { FaultSystem } from "./src/system.ts";
import { startFaultSystem } from "./src/system.ts";

// Row "broker stopped 30 s during 10,000 writes across services": the writes go on through the
// gateway while Kafka is down — the services accept them into their outboxes — and once it is
// back every accepted write is stored and published (the outboxes drained within 60 s) and the
// gateway counts each once: 0 lost, 0 applied twice.
const OUTAGE_MS = Number(process.env.FAULTS_OUTAGE_MS ?? 30_000);
const WRITES = Number(process.env.FAULTS_WRITES ?? 10_000);
let system: FaultSystem;

beforeAll(async () => {
  system = await startFaultSystem({
    name: "broker-outage",
    portBase: 19700,
    services: faultServices,
  });
});
afterAll(async () => {
  await system?.close();
});

describe.each(faultServices)("$name's writes with the broker stopped", (service) => {
  it("accepts them, loses none and counts none twice once the broker is back", async () => {
    const run = await outageUnderLoad({
      system,
      service,
      component: "kafka",
      outageMs: OUTAGE_MS,
      total: WRITES,
      stopAfter: Math.floor(WRITES / 4),
      username: `moi.gioi.${service.name}`,
    });
    recordFigures(`broker-outage-${service.name}`, run.figures);

    // The broker is not in a write's path: accepted while it is away, nothing else.
    expect(Object.keys(byStatus(run.outcomes))).toEqual(["201"]);
    expect(run.during.length).toBeGreaterThan(0);
    expect(run.problems).toEqual([]);
    expect(run.figures.drainedAfterMs).toBeLessThan(60_000);
    expect(run.counted).toBe(run.accepted.length);
    expect(run.stillRunning).toBe(true);
  });
});

import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "./src/figures.ts";
import { byStatus, runLoad } from "./src/load.ts";
import { faultServices } from "./src/services.ts";
import type { FaultSystem, RunningApp } from "./src/system.ts";
import { startFaultSystem } from "./src/system.ts";

// Row "SIGTERM to each service under load": each app of the system is stopped as Kubernetes
// stops a pod while writes keep coming, then started again. Expected: it exits 0 within its
// grace (SHUTDOWN_TIMEOUT_MS, 15 s), and every write it accepted is stored and published; what it
// could not take is refused (503 through the gateway, or no connection), never half done.
const GRACE_MS = 15_000;
let system: FaultSystem;

beforeAll(async () => {
  system = await startFaultSystem({ name: "sigterm", portBase: 19640, services: faultServices });
});
afterAll(async () => {
  await system?.close();
});

describe.each(faultServices)("SIGTERM under load, writes to $name", (service) => {
  const targets: [string, () => RunningApp][] = [
    [service.name, () => system.services.get(service.name) as RunningApp],
    ["gateway", () => system.gateway],
  ];

  it.each(targets)("%s exits 0 within its grace and loses no accepted write", async (name, app) => {
    const token = await system.login(
      `dung.${service.name}.${name}`,
      service.writer.role,
      service.writer.units,
    );
    let stop = false;
    const load = runLoad({
      workers: 4,
      until: () => stop,
      send: (n) => service.write(system.url, token, n),
    });
    await sleep(5000);
    const signalled = performance.now();
    const code = await app().process.stop();
    const exitMs = performance.now() - signalled;
    await app().restart();
    await sleep(5000);
    stop = true;
    const outcomes = await load;

    const accepted = outcomes.filter((o) => o.status === 201).map((o) => o.id as string);
    const problems = await system.problemsOf(service, accepted);
    const figures = {
      service: service.name,
      signalled: name,
      exitCode: code,
      exitMs: Math.round(exitMs),
      requests: outcomes.length,
      statuses: byStatus(outcomes),
      accepted: accepted.length,
      problems: problems.length,
    };
    recordFigures(`sigterm-${name}-writing-${service.name}`, figures);

    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(GRACE_MS);
    expect(problems).toEqual([]);
    // Refused while it was away (503 from the gateway, 0: the gateway itself not listening),
    // never a 500 or a request cut in half.
    expect(Object.keys(byStatus(outcomes)).filter((s) => !["201", "503", "0"].includes(s))).toEqual(
      [],
    );
  });
});

import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "./src/figures.ts";
import { byStatus, percentile } from "./src/load.ts";
import { faultServices } from "./src/services.ts";
import type { FaultSystem } from "./src/system.ts";
import { startFaultSystem } from "./src/system.ts";

// Row "one user at 1,000 requests/s while others work": the gateway with its production
// admission limits (20 requests a second per user, bursts of 200, 6 unanswered at once); one
// account asks for pages of
// 100 petitions a thousand times a second while a colleague reads at a working pace. Expected:
// the flood is answered 429, and the colleague's p99 stays within twice its p99 without it.
const PHASE_MS = 15_000;
const FLOOD_PER_SECOND = 1000;
let system: FaultSystem;

beforeAll(async () => {
  system = await startFaultSystem({
    name: "flood",
    portBase: 19660,
    services: faultServices,
    gatewayEnv: {
      API_REQUESTS_PER_SECOND_PER_USER: "20",
      API_BURST_PER_USER: "200",
      API_MAX_IN_FLIGHT_PER_USER: "6",
      // One machine: every user here comes from 127.0.0.1, so the address limit is lifted.
      API_REQUESTS_PER_SECOND_PER_ADDRESS: "100000",
      API_BURST_PER_ADDRESS: "100000",
    },
  });
});
afterAll(async () => {
  await system?.close();
});

/** Sends `perSecond` requests a second for `ms`, without waiting for answers: statuses. */
async function flood(url: string, token: string, perSecond: number, ms: number) {
  const statuses: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < ms) {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    for (; sent < due; sent++) {
      pending.push(
        fetch(url, { headers: { authorization: `Bearer ${token}` } })
          .then(async (response) => {
            await response.arrayBuffer();
            statuses.push(response.status);
          })
          .catch(() => {
            statuses.push(0);
          }),
      );
    }
    await sleep(5);
  }
  await Promise.all(pending);
  return { sent, statuses };
}

/** A colleague reading page after page, one at a time, with a pause between: latencies. */
async function work(url: string, token: string, until: () => boolean) {
  const latencies: number[] = [];
  const statuses: number[] = [];
  while (!until()) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    statuses.push(response.status);
    await sleep(50);
  }
  return { latencies, statuses };
}

describe.each(faultServices)("one user flooding $name's list through the gateway", (service) => {
  it("is answered 429 while a colleague is served as before", async () => {
    const writer = await system.login(
      `ghi.${service.name}`,
      service.writer.role,
      service.writer.units,
    );
    // Something to list: a few hundred petitions.
    for (let n = 0; n < 300; n++) await service.write(system.url, writer, n);
    const flooder = await system.login(`lu.${service.name}`, "province_staff");
    const colleague = await system.login(`dong.nghiep.${service.name}`, "province_staff");
    const list = `${system.url}/api/v1/${service.name}/petitions?pageSize=100`;
    const page = `${system.url}/api/v1/${service.name}/petitions?pageSize=20`;

    let stop = false;
    const normal = await (async () => {
      const run = work(page, colleague, () => stop);
      await sleep(PHASE_MS);
      stop = true;
      return run;
    })();
    stop = false;
    const colleagueDuring = work(page, colleague, () => stop);
    const flooded = await flood(list, flooder, FLOOD_PER_SECOND, PHASE_MS);
    stop = true;
    const during = await colleagueDuring;

    const figures = {
      service: service.name,
      flood: {
        perSecond: FLOOD_PER_SECOND,
        seconds: PHASE_MS / 1000,
        sent: flooded.sent,
        statuses: byStatus(flooded.statuses.map((status) => ({ status, ms: 0, at: 0 }))),
      },
      colleague: {
        normal: {
          requests: normal.latencies.length,
          medianMs: Math.round(percentile(normal.latencies, 50)),
          p99Ms: Math.round(percentile(normal.latencies, 99)),
        },
        duringFlood: {
          requests: during.latencies.length,
          medianMs: Math.round(percentile(during.latencies, 50)),
          p99Ms: Math.round(percentile(during.latencies, 99)),
          statuses: byStatus(during.statuses.map((status) => ({ status, ms: 0, at: 0 }))),
        },
      },
    };
    recordFigures(`flood-${service.name}`, figures);

    const refused = flooded.statuses.filter((s) => s === 429).length;
    expect(refused / flooded.sent).toBeGreaterThan(0.9);
    expect(during.statuses.every((s) => s === 200)).toBe(true);
    expect(figures.colleague.duringFlood.p99Ms).toBeLessThanOrEqual(
      2 * Math.max(figures.colleague.normal.p99Ms, 10),
    );
  });
});

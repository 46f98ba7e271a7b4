import { setTimeout as sleep } from "node:timers/promises";
import { byStatus, percentile, runLoad } from "./load.ts";
import type { FaultService, Outcome } from "./services.ts";
import type { FaultSystem } from "./system.ts";

/**
 * A write load through the gateway while a piece of infrastructure is stopped for `outageMs`:
 * writes go on (4 at a time) until `total` were sent and the component is back, the component
 * stopping once `stopAfter` of them are; then until a write is accepted again, and what the system made of it all — what was
 * answered while it was away, whether every accepted write is stored and published, and counted
 * once by the gateway's figures (polled until they agree, or a minute).
 */
export async function outageUnderLoad(options: {
  system: FaultSystem;
  service: FaultService;
  component: "kafka" | "ferretdb";
  outageMs: number;
  total: number;
  stopAfter: number;
  username: string;
}) {
  const { system, service } = options;
  const token = await system.login(options.username, service.writer.role, service.writer.units);
  const send = (n: number) => service.write(system.url, token, n);
  const processes = [system.gateway.process, system.services.get(service.name)?.process];

  let sent = 0;
  let stopped: Promise<void> | undefined;
  let stoppedAt = 0;
  let restartedAt = 0;
  const loadStarted = performance.now();
  const outcomes = await runLoad({
    workers: 4,
    until: () => sent >= options.total && restartedAt > 0,
    send: async (n) => {
      if (++sent === options.stopAfter) {
        stopped = (async () => {
          stoppedAt = performance.now();
          await system.stop(options.component);
          await sleep(options.outageMs);
          await system.start();
          restartedAt = performance.now();
        })();
      }
      return send(n);
    },
  });
  await stopped;
  let recoveredAfterMs = -1;
  for (let i = 0; i < 600 && recoveredAfterMs < 0; i++) {
    const probe = await send(options.total + i);
    if (probe.status === 201) {
      recoveredAfterMs = performance.now() - restartedAt;
      outcomes.push({ ...probe, at: performance.now() - loadStarted });
    } else await sleep(100);
  }

  // Back: the first write accepted after the restart, in the load or the probes after it.
  const restartedIn = restartedAt - loadStarted;
  const firstBack = Math.min(
    ...outcomes.filter((o) => o.status === 201 && o.at >= restartedIn).map((o) => o.at + o.ms),
  );
  if (Number.isFinite(firstBack)) recoveredAfterMs = firstBack - restartedIn;
  const during = outcomes.filter(
    (o) => o.at >= stoppedAt - loadStarted && o.at + o.ms <= restartedAt - loadStarted,
  );
  const accepted = outcomes.filter((o) => o.status === 201).map((o) => o.id as string);
  // The outbox drains: how long after the load until nothing waits to be published.
  const database = await system.database(service.name);
  const loadEnded = performance.now();
  while ((await service.unpublished(database)) > 0 && performance.now() - loadEnded < 300_000) {
    await sleep(250);
  }
  const drainedAfterMs = performance.now() - loadEnded;
  const problems = await system.problemsOf(service, accepted);
  let counted = await service.projected(system.url, token);
  for (let i = 0; i < 120 && counted !== accepted.length; i++) {
    await sleep(500);
    counted = await service.projected(system.url, token);
  }
  // Where a difference would come from: the gateway's own views and what it set aside.
  const gateway = await system.database("gateway");
  const running = await Promise.all(
    processes.map((run) => Promise.race([run?.exited, sleep(10, "running")])),
  );
  return {
    outcomes,
    during,
    accepted,
    problems,
    counted,
    stillRunning: running.every((state) => state === "running"),
    figures: {
      service: service.name,
      stopped: options.component,
      outageSeconds: options.outageMs / 1000,
      requests: outcomes.length,
      statuses: byStatus(outcomes),
      whileStopped: {
        requests: during.length,
        statuses: byStatus(during),
        medianMs: Math.round(
          percentile(
            during.map((o: Outcome) => o.ms),
            50,
          ),
        ),
        p99Ms: Math.round(
          percentile(
            during.map((o: Outcome) => o.ms),
            99,
          ),
        ),
      },
      stoppedForMs: Math.round(restartedAt - stoppedAt),
      firstAcceptedAfterRestartMs: Math.round(recoveredAfterMs),
      accepted: accepted.length,
      problems: problems.length,
      drainedAfterMs: Math.round(drainedAfterMs),
      countedByGateway: counted,
      gatewayViews: await gateway.collection("petition_views").countDocuments({}),
      setAside: await gateway.collection("alerts").countDocuments({ kind: "event-set-aside" }),
    },
  };
}

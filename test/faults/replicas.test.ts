import { setTimeout as sleep } from "node:timers/promises";
import { createReadSide, readSideContents } from "@danvan/gateway/read-side";
import { rebuildReadModels } from "@danvan/gateway/rebuild";
import { createLogger } from "@danvan/platform/log";
import { createKafkaClient } from "@danvan/platform/messaging";
import { EventSpy } from "@danvan/testing";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "./src/figures.ts";
import { byStatus, runLoad } from "./src/load.ts";
import { orderProblems } from "./src/order.ts";
import type { Outcome } from "./src/services.ts";
import { faultServices } from "./src/services.ts";
import type { FaultSystem, RunningApp } from "./src/system.ts";
import { startFaultSystem } from "./src/system.ts";

// Rows "two replicas of every service, one killed under load" and "consumer killed mid-batch":
// the gateway and each service run twice behind one address each, as Kubernetes runs them. While
// users make aggregates and change each of them several times, the replica of the service whose
// relay holds the outbox lease is killed (SIGKILL: no grace, its lease left to expire, its
// requests cut), then one of the gateway (its
// consumer in the middle of whatever batch it was writing). Neither comes back: the survivors
// carry on alone. Expected: every accepted write stored and published, each aggregate's events on
// the topic in the order of its versions, and the gateway's read models, once caught up, equal to
// a clean run — a rebuild from the topics.
const CHANGES = 3;
const PHASE_MS = Number(process.env.FAULTS_PHASE_MS ?? 8000);
let system: FaultSystem;

beforeAll(async () => {
  system = await startFaultSystem({
    name: "replicas",
    portBase: 19720,
    services: faultServices,
    replicas: 2,
  });
});
afterAll(async () => {
  await system?.close();
});

/** Polls `check` every half second until it says yes or `ms` pass; how long it took, or -1. */
async function within(ms: number, check: () => Promise<boolean>) {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) return -1;
    await sleep(500);
  }
  return Math.round(performance.now() - started);
}

/** The replica whose relay holds the outbox lease now (its holder name carries its pid). */
async function relayHolder(service: string, replicas: RunningApp[]) {
  const lease = await (await system.database(service))
    .collection<{ _id: string; holder: string }>("leases")
    .findOne({ _id: "outbox-relay" });
  const pid = Number(lease?.holder.split("-").at(-2));
  const holder = replicas.find((r) => r.process.pid === pid);
  if (!holder)
    throw new Error(`no replica of ${service} holds the relay's lease (${lease?.holder})`);
  return holder;
}

describe.each(faultServices)(
  "two replicas each, one of $name's and one of the gateway's killed under load",
  (service) => {
    it("loses no accepted write, keeps each aggregate's order, and projects as a clean run does", async () => {
      const token = await system.login(
        `dung.${service.name}.replicas`,
        service.writer.role,
        service.writer.units,
      );
      const changes: Outcome[] = [];
      /** Per accepted aggregate: how many of its changes were accepted. */
      const changed = new Map<string, number>();
      let stop = false;
      const started = performance.now();
      const load = runLoad({
        workers: 4,
        until: () => stop,
        send: async (n) => {
          const made = await service.write(system.url, token, n);
          if (made.status !== 201 || !made.id) return made;
          changed.set(made.id, 0);
          for (let step = 1; step <= CHANGES && !stop; step++) {
            const at = performance.now() - started;
            const change = await service.change(system.url, token, made.id, step);
            changes.push({ ...change, at });
            if (change.status === 200) changed.set(made.id, step);
            else break; // cut with a replica, or refused: the user looks before changing it again
          }
          return made;
        },
      });
      const [serviceReplicas, gatewayReplicas] = [
        system.replicas.get(service.name) ?? [],
        system.replicas.get("gateway") ?? [],
      ];
      await sleep(PHASE_MS);
      const relaying = await relayHolder(service.name, serviceReplicas);
      relaying.process.kill();
      await sleep(PHASE_MS);
      gatewayReplicas[1]?.process.kill();
      await sleep(PHASE_MS);
      stop = true;
      const writes = await load;
      const accepted = [...changed.keys()];

      // The survivor's relay takes the lease over (15 s) and publishes what the killed one left.
      const database = await system.database(service.name);
      const drainedMs = await within(
        120_000,
        async () => (await service.unpublished(database)) === 0,
      );
      const problems = await system.problemsOf(service, accepted);
      const versions = await service.versions(database, accepted);
      // The surviving gateway takes the killed one's partitions once its session expires (30 s).
      const caughtUpMs = await within(
        180_000,
        async () => (await system.lagOf("gateway", service.topics)) === 0,
      );

      const spy = await EventSpy.start(system.brokers, service.topics);
      const expected = [...versions.values()].reduce((sum, v) => sum + v, 0);
      const ours = new Set(accepted);
      const published = () => spy.received.filter((m) => ours.has(m.key ?? ""));
      // Every stored event read at least once (a relay taken over republishes some): or a minute,
      // and the order check says which are missing.
      const distinct = () => new Set(published().map((m) => (m.value as { id?: string }).id)).size;
      await within(60_000, async () => distinct() >= expected);
      const order = orderProblems(published(), versions);
      const republished = published().length - distinct();
      await spy.stop();

      const counted = await service.projected(system.url, token);
      // The live read models against a clean run: a rebuild from the topics into a fresh set.
      const gateway = await system.database("gateway");
      const calendar = createCalendar(defaultHolidayTable);
      const live = await readSideContents(
        await createReadSide({ database: gateway, calendar: () => calendar }),
        { withEmptyFigures: false },
      );
      const rebuilt = await rebuildReadModels({
        database: gateway,
        kafka: createKafkaClient({ clientId: "faults-rebuild", brokers: system.brokers }),
        calendar,
        logger: createLogger({ service: "faults-rebuild", level: "silent" }),
      });
      const clean = await readSideContents(
        await createReadSide({
          database: gateway,
          calendar: () => calendar,
          prefix: rebuilt.prefix,
        }),
        { withEmptyFigures: false },
      );

      const acceptedChanges = [...changed.values()].reduce((sum, n) => sum + n, 0);
      const figures = {
        service: service.name,
        writes: writes.length,
        writeStatuses: byStatus(writes),
        changes: changes.length,
        changeStatuses: byStatus(changes),
        accepted,
        acceptedChanges,
        eventsStored: expected,
        republished,
        problems: problems.length,
        killedRelayHolder: relaying.url,
        drainedAfterMs: drainedMs,
        gatewayCaughtUpAfterMs: caughtUpMs,
        orderProblems: order.length,
        countedByGateway: counted,
        petitionViews: live.petitions.length,
        figuresDocuments: live.figures.length,
        rebuiltEvents: rebuilt.events,
      };
      recordFigures(`replicas-${service.name}`, { ...figures, accepted: accepted.length });

      expect(problems).toEqual([]);
      expect(drainedMs).toBeGreaterThanOrEqual(0);
      expect(caughtUpMs).toBeGreaterThanOrEqual(0);
      expect(order).toEqual([]);
      // Each aggregate at least as far as its accepted changes took it (a change cut with its
      // replica may have been stored without its answer reaching the user).
      expect(accepted.filter((id) => (versions.get(id) ?? 0) < 1 + (changed.get(id) ?? 0))).toEqual(
        [],
      );
      // Counted once each: the accepted writes, and those stored while their answer was cut.
      expect(counted).toBeGreaterThanOrEqual(accepted.length);
      expect(counted).toBeLessThanOrEqual(writes.length);
      expect(counted).toBe(live.petitions.length);
      expect(live).toEqual(clean);
      // Cut or refused while a replica went away (0: the connection cut, 502/503 from the
      // gateway), never a 500 or a request the service misread.
      expect(
        Object.keys({ ...byStatus(writes), ...byStatus(changes) }).filter(
          (s) => !["200", "201", "502", "503", "0"].includes(s),
        ),
      ).toEqual([]);
    });
  },
);

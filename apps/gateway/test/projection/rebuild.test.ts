import { createLogger } from "@danvan/platform/log";
import { createKafkaClient } from "@danvan/platform/messaging";
import { testScope } from "@danvan/testing";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitionStory } from "../../../dialogues/test/petition-stories.ts";
import { READ_MODELS_FORMAT } from "../../src/projection/active-read-side.ts";
import type { ReadSide } from "../../src/projection/read-side.ts";
import { readSideContents } from "../../src/projection/read-side.ts";
import { rebuildReadModels } from "../../src/projection/rebuild.ts";
import { eventPublisher, gatewayInstance, until } from "../fixtures.ts";

// The rebuild replays the topics into fresh read models while the live ones keep serving, equals
// what the live group projected, takes in events that arrive meanwhile, and switches the running
// gateway over.
const scope = testScope("gateway-rebuild");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
let publisher: Awaited<ReturnType<typeof eventPublisher>>;
let counter = 0;
const endings = ["on-time", "late", "overdue", "open"] as const;
const stories = (count: number) =>
  Array.from({ length: count }, () => {
    const n = counter++;
    return petitionStory({
      id: `0193a6f0-7c1e-7b21-9d3f-5a1e2b${String(n).padStart(6, "0")}`,
      unitCode: n % 3 === 0 ? "00082" : "00004",
      receivedAt: new Date(Date.UTC(2026, n % 12, 1 + (n % 27), 2)),
      ending: endings[n % 4] as (typeof endings)[number],
      topic: n % 2 ? "đất đai" : "môi trường",
      source: n % 5 ? "dialogue" : "hotline",
    });
  });

beforeAll(async () => {
  gateway = await gatewayInstance(scope, {}, { consume: true });
  publisher = await eventPublisher(scope);
}, 60_000);
afterAll(async () => {
  await publisher?.close();
  await gateway?.close();
});

const contents = (side: ReadSide) => readSideContents(side, { withEmptyFigures: false });

const rebuild = (graceMs = 300) =>
  rebuildReadModels({
    database: gateway.database,
    // The gateway's topics, under the file's prefix, as the gateway's own client names them.
    kafka: createKafkaClient({
      clientId: "rebuild-test",
      brokers: scope.kafkaBrokers,
      topicPrefix: scope.topicPrefix,
    }),
    calendar: createCalendar(defaultHolidayTable),
    logger: createLogger({ service: "rebuild-test", level: "silent" }),
    graceMs,
  });

describe("rebuilding the read models", { timeout: 120_000 }, () => {
  it("equals what the live group projected, and the running gateway switches to it", async () => {
    const events = stories(40);
    await publisher.publish(events.flat());
    const live = gateway.readSide.current;
    await publisher.projected();
    const expected = await contents(live);
    expect(expected.petitions).toHaveLength(40);

    const report = await rebuild();
    expect(report).toMatchObject({ events: events.flat().length, petitions: 40 });
    const switched = await until(
      async () => gateway.readSide.prefix,
      (prefix) => prefix === report.prefix,
    );
    expect(switched).toBe(report.prefix);
    expect(gateway.readSide.format).toBe(READ_MODELS_FORMAT);
    expect(await contents(gateway.readSide.current)).toEqual(expected);
    // The old set is gone.
    expect(await live.store.petitions.countDocuments()).toBe(0);
  });

  it("takes in events that arrive during the rebuild, and the live group feeds the new set after", async () => {
    const before = await gateway.readSide.current.store.petitions.countDocuments();
    // The replica's change feed, which looks for a switch once a second, is stopped: a replica
    // that notices late (a slow poll, a busy machine) must lose nothing either. Its consumer has
    // to notice by itself, on its next batch.
    gateway.feed.stop();
    const running = rebuild(1000);
    // A story every few milliseconds for as long as the rebuild runs: some arrive while it
    // reads, some while it writes in bulk, some while it catches up.
    let published = 0;
    let rebuilding = true;
    const finished = running.finally(() => {
      rebuilding = false;
    });
    while (rebuilding) {
      await publisher.publish(stories(1).flat());
      published += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const report = await finished;
    expect(report.caughtUp).toBeGreaterThan(0);
    const after = stories(3);
    await publisher.publish(after.flat());
    const side = await until(
      async () => gateway.readSide,
      (s) => s.prefix === report.prefix,
    );
    const count = await until(
      () => side.current.store.petitions.countDocuments(),
      (n) => n === before + published + 3,
    );
    expect(count).toBe(before + published + 3);
    gateway.feed.start();
    // Nothing counted twice or lost: a rebuild of the same events, without traffic, equals it.
    await publisher.projected();
    const settled = await contents(side.current);
    const again = await rebuild();
    await until(
      async () => gateway.readSide.prefix,
      (prefix) => prefix === again.prefix,
    );
    expect(await contents(gateway.readSide.current)).toEqual(settled);
  });
});

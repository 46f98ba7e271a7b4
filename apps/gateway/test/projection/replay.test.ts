import type { Database } from "@danvan/platform/mongo";
import { connectDatabase } from "@danvan/platform/mongo";
import { testScope } from "@danvan/testing";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { createUnitRegistry, sampleUnitDataset } from "@danvan/vietnam/units";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitionStory } from "../../../dialogues/test/petition-stories.ts";
import {
  emptyFigures,
  figuresId,
  presentFigures,
  storedPartsOf,
  sumFigures,
} from "../../src/projection/figures.ts";
import type { Period } from "../../src/projection/periods.ts";
import { parsePeriod } from "../../src/projection/periods.ts";
import { createReadSide, readSideContents } from "../../src/projection/read-side.ts";

// Projections are idempotent and order-proof across aggregates: the same events applied twice,
// or interleaved differently, leave identical read models and figures.
const scope = testScope("gateway-replay");
let database: Database;
const units = createUnitRegistry(sampleUnitDataset);
const calendar = createCalendar(defaultHolidayTable);
const fixedNow = () => new Date("2026-11-21T03:00:00.000Z");

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
});
// The run's teardown drops the database (@danvan/testing).
afterAll(() => database?.close());

const stories = [
  { unitCode: "00004", ending: "on-time", day: 3 },
  { unitCode: "00004", ending: "overdue", day: 4 },
  { unitCode: "00082", ending: "late", day: 5 },
  { unitCode: "00082", ending: "open", day: 5 },
  { unitCode: "00004", ending: "on-time", day: 12 },
] as const;
const events = stories.map((s, i) =>
  petitionStory({
    id: `0193a6f0-7c1e-7b21-9d3f-5a1e2b3c4d${String(i).padStart(2, "0")}`,
    unitCode: s.unitCode,
    receivedAt: new Date(`2026-10-${String(s.day).padStart(2, "0")}T02:00:00.000Z`),
    ending: s.ending,
  }),
);

/** Everything a reader can see in a read side, empty figures too. */
async function contents(prefix: string) {
  return readSideContents(await readSide(prefix), { withEmptyFigures: true });
}

function readSide(prefix: string) {
  return createReadSide({ database, calendar: () => calendar, prefix, now: fixedNow });
}

type Event = (typeof events)[number][number];

/** Projects the events in batches of the given sizes (cycled), as the consumer hands them over. */
async function project(prefix: string, order: Event[], batchSizes: number[] = [1]) {
  await feed(prefix, order, batchSizes);
  return contents(prefix);
}

/** `writer`: which writer feeds them (a partition of the group, a rebuild's catch-up). */
async function feed(prefix: string, order: Event[], batchSizes: number[], writer = "one") {
  const side = await readSide(prefix);
  for (let i = 0, b = 0; i < order.length; b++) {
    const size = Math.max(1, batchSizes[b % batchSizes.length] ?? 1);
    await side.handle(order.slice(i, i + size), writer);
    i += size;
  }
}

/** An interleaving of the stories that keeps each story's own order. */
function interleave(seed: number[]) {
  const queues = events.map((list) => [...list]);
  const order = [];
  let i = 0;
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    const queue = open[(seed[i++ % seed.length] ?? 0) % open.length] as (typeof queues)[number];
    order.push(queue.shift() as (typeof queues)[number][number]);
  }
  return order;
}

describe("projecting dialogues events", () => {
  it("gives the figures DOMAIN defines, for the commune and its province", async () => {
    const result = await project("in_order_", events.flat());
    // Each unit's own figures are stored; the province's are its communes' added up when read.
    const stored = new Map(
      (await (await readSide("in_order_")).figures.find().toArray()).map((doc) => [doc._id, doc]),
    );
    const october = (unit: string) => {
      const period = parsePeriod("2026-10") as Period;
      const parts = storedPartsOf(units, unit, period, "2026-11-21").map(
        (p) =>
          stored.get(figuresId(p.unitCode, p.period.key)) ??
          emptyFigures(p.unitCode, p.period, fixedNow()),
      );
      return presentFigures(sumFigures(unit, period, parts, fixedNow()));
    };
    expect(october("00004").petitions).toMatchObject({
      received: 3,
      answered: 2,
      overdue: 1,
      onTimeRate: { numerator: 2, denominator: 3 },
      byTopic: { "đất đai": 3 },
    });
    expect(october("01").petitions).toMatchObject({ received: 5, answered: 3, backlog: 2 });
    expect(result.alerts.map((a) => a.kind)).toEqual(["petition-overdue"]);
    // Stored: days and months of units with facts. Quarters, years and units above are sums.
    expect(result.figures.map((f) => f.id)).toContain("00004|2026-10-03");
    expect(result.figures.map((f) => f.id.split("|")[0])).not.toContain("01");
    expect(result.figures.map((f) => f.id)).not.toContain("00004|2026-Q4");
  });

  it("leaves identical read models when every event comes twice", async () => {
    const once = await project("once_", events.flat());
    const twice = await project(
      "twice_",
      events.flat().flatMap((e) => [e, e]),
    );
    expect(twice).toEqual(once);
  });

  it("leaves identical read models whatever the interleaving across petitions", async () => {
    const reference = await project("reference_", events.flat());
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), async (seed) => {
        run += 1;
        expect(await project(`shuffled_${run}_`, interleave(seed))).toEqual(reference);
      }),
      { numRuns: 8, seed: 42 },
    );
  });

  it("leaves identical read models whatever the batches the events come in", async () => {
    const reference = await project("one_by_one_", events.flat());
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
        async (seed, sizes) => {
          run += 1;
          // Batches over a redelivered run too: the second half repeats the first.
          const order = interleave(seed);
          const once = await project(`batched_${run}_`, order, sizes);
          expect(once).toEqual(reference);
          expect(await project(`batched_${run}_`, order, [...sizes].reverse())).toEqual(reference);
        },
      ),
      { numRuns: 8, seed: 7 },
    );
  });

  it("counts each change once when two writers project the same events at the same time", async () => {
    // A replica finishing a batch after a rebalance, or a rebuild's catch-up during its grace
    // period, writes the views another writer is writing: compare-and-set, read again, retry.
    const reference = await project("single_writer_", events.flat());
    for (let run = 0; run < 4; run++) {
      const prefix = `two_writers_${run}_`;
      await Promise.all([
        feed(prefix, interleave([run, 3, 1]), [1, 2], "replica"),
        feed(prefix, interleave([2, run, 5]), [3, 1, 4], "rebuild"),
      ]);
      expect(await contents(prefix)).toEqual(reference);
    }
  });

  it("ignores an older snapshot arriving after a newer one", async () => {
    const [first] = events;
    const reversed = [...(first ?? [])].reverse();
    const result = await project("reversed_", reversed);
    expect(result.petitions[0]).toMatchObject({ status: "answered", version: 4 });
  });
});

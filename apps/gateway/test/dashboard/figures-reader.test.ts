import { emptyCounts, metricsFromCounts } from "@danvan/metrics";
import { createLogger } from "@danvan/platform/log";
import type { Database } from "@danvan/platform/mongo";
import { connectDatabase } from "@danvan/platform/mongo";
import { eventually, testScope } from "@danvan/testing";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { createUnitRegistry, sampleUnitDataset } from "@danvan/vietnam/units";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Story } from "../../../dialogues/test/petition-stories.ts";
import { petitionStory } from "../../../dialogues/test/petition-stories.ts";
import type { Change } from "../../src/dashboard/change-feed.ts";
import { createChangeFeed } from "../../src/dashboard/change-feed.ts";
import { createFiguresReader } from "../../src/dashboard/figures-reader.ts";
import type { ActiveReadSide } from "../../src/projection/active-read-side.ts";
import { createActiveReadSide } from "../../src/projection/active-read-side.ts";
import { presentFigures } from "../../src/projection/figures.ts";
import { createFiguresWriter } from "../../src/projection/figures-writer.ts";
import type { Period } from "../../src/projection/periods.ts";
import { parsePeriod } from "../../src/projection/periods.ts";

// Only a unit's own days and months are stored: the reader sums a unit's figures from its own
// and those of the units below, of each month of a quarter or a year, and the change feed's
// announcement of a stored document drops the sums it is part of.
const scope = testScope("gateway-figures-reader");
const logger = createLogger({ service: "figures-reader-test", level: "silent" });
const units = createUnitRegistry(sampleUnitDataset);
const calendar = createCalendar(defaultHolidayTable);
let database: Database;
let side: ActiveReadSide;
let feed: ReturnType<typeof createChangeFeed>;
let reader: ReturnType<typeof createFiguresReader>;
const changes: Change[] = [];
/** The figures writer's clock (it versions the documents), moved by the tests. */
let clockOffsetMs = 0;

const period = (key: string) => parsePeriod(key) as Period;
let stories = 0;
const story = (s: Omit<Story, "id">) =>
  petitionStory({
    id: `0193a6f0-7c1e-7b21-9d3f-5a1e2b3c4d${String(stories++).padStart(2, "0")}`,
    ...s,
  });

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  side = await createActiveReadSide({
    database,
    calendar: () => calendar,
    logger,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  feed = createChangeFeed({ readSide: side, units, logger, pollMs: 20 });
  reader = createFiguresReader({ readSide: side, feed, units });
  feed.subscribe((change) => changes.push(change));
  feed.start();
  await side.handle([
    ...story({ unitCode: "00004", receivedAt: new Date("2026-08-10T02:00:00Z"), ending: "late" }),
    ...story({
      unitCode: "00004",
      receivedAt: new Date("2026-10-05T02:00:00Z"),
      ending: "on-time",
      source: "hotline",
    }),
    ...story({
      unitCode: "00082",
      receivedAt: new Date("2026-10-20T02:00:00Z"),
      ending: "overdue",
      topic: "môi trường",
    }),
    ...story({ unitCode: "00004", receivedAt: new Date("2026-11-03T02:00:00Z"), ending: "open" }),
    // Received by the province itself.
    ...story({ unitCode: "01", receivedAt: new Date("2026-11-04T02:00:00Z"), ending: "open" }),
  ]);
});
afterAll(async () => {
  feed?.stop();
  await database?.close();
});

/** Adds every unit's stored months by hand: what the province's quarter or year must show. */
async function provinceMonthsAddedUp(monthKeys: string[]) {
  const months = await side.current.figures.find({ "period.key": { $in: monthKeys } }).toArray();
  const total = emptyCounts();
  for (const { petitions } of months) {
    if (!petitions) continue;
    // As stored: without the fields no event has touched yet.
    const { workingDays, ...counts } = petitions.counts;
    for (const [field, n] of Object.entries(counts)) total[field as "received"] += n;
    for (const [days, n] of Object.entries(workingDays ?? {})) {
      total.workingDays[days] = (total.workingDays[days] ?? 0) + n;
    }
  }
  return metricsFromCounts(total);
}

describe("the figures reader", () => {
  it("stores days and months of each unit's own facts only", async () => {
    const kinds = await side.current.figures.distinct("period.kind");
    expect(kinds.sort()).toEqual(["day", "month"]);
    expect((await side.current.figures.distinct("unitCode")).sort()).toEqual([
      "00004",
      "00082",
      "01",
    ]);
    const provinceOwn = await side.current.figures.findOne({ _id: "01|2026-11" });
    expect(provinceOwn?.petitions?.counts.received).toBe(1);
  });

  it("sums a unit's figures from its own and the units' below, month by month", async () => {
    const q4 = await reader.read(["01", "00004", "00082"], period("2026-Q4"));
    const shown = (code: string) => presentFigures(q4.get(code) as never).petitions;
    expect(shown("00004")).toMatchObject({ received: 2, answered: 1, backlog: 1 });
    expect(shown("00082")).toMatchObject({ received: 1, overdue: 1, byTopic: { "môi trường": 1 } });
    expect(shown("01")).toMatchObject({
      received: 4,
      byTopic: { "đất đai": 3, "môi trường": 1 },
      byChannel: { hotline: { received: 1, answered: 1 } },
    });
    expect(shown("01")).toMatchObject(await provinceMonthsAddedUp(["2026-10", "2026-11"]));

    const year = (await reader.read(["01"], period("2026"))).get("01");
    expect(presentFigures(year as never).petitions).toMatchObject({
      ...(await provinceMonthsAddedUp(["2026-08", "2026-10", "2026-11"])),
      received: 5,
    });
    const q3 = (await reader.read(["00004"], period("2026-Q3"))).get("00004");
    expect(presentFigures(q3 as never).petitions).toMatchObject({ received: 1, answered: 1 });
  });

  it("adds up a month whose stored figures count sessions and no petition", async () => {
    // What the projection writes for a session held in a month without petitions.
    await createFiguresWriter({ figures: side.current.figures }).apply([
      {
        id: "00070|2026-12",
        unitCode: "00070",
        period: period("2026-12"),
        delta: { "sessions.held": 1 },
      },
    ]);
    const stored = await side.current.figures.findOne({ _id: "00070|2026-12" });
    expect(stored?.petitions).toBeUndefined();
    expect(presentFigures(stored as never)).toMatchObject({
      petitions: { received: 0 },
      sessions: { held: 1 },
    });
    // Once the change feed has announced it (the empty month was held before).
    await eventually(async () => {
      const figures = await reader.read(["00070", "01"], period("2026-Q4"));
      return ["00070", "01"].every(
        (code) => presentFigures(figures.get(code) as never).sessions.held === 1,
      );
    }, "the session in the quarter's sums");
  });

  it("shows a commune's change in its province's quarter and year, even one versioned before the newest part", async () => {
    // October's figures are written now; November's a second earlier (another writer's clock).
    clockOffsetMs = -1000;
    await side.handle(
      story({ unitCode: "00004", receivedAt: new Date("2026-11-10T02:00:00Z"), ending: "open" }),
    );
    clockOffsetMs = 0;
    await side.handle(
      story({ unitCode: "00082", receivedAt: new Date("2026-10-25T02:00:00Z"), ending: "open" }),
    );
    const received = async (key: string) =>
      presentFigures((await reader.read(["01"], period(key))).get("01") as never).petitions
        .received;
    await eventually(async () => (await received("2026-Q4")) === 6, "the quarter's sum of 6");
    const announced = (key: string) =>
      changes.some((c) => c.kind === "figures" && c.unitCode === "01" && c.period === key);
    await eventually(() => announced("2026-Q4") && announced("2026"), "quarter and year announced");

    // Another November petition, versioned after November's last write but before October's.
    clockOffsetMs = -500;
    await side.handle(
      story({ unitCode: "00004", receivedAt: new Date("2026-11-12T02:00:00Z"), ending: "open" }),
    );
    clockOffsetMs = 0;
    await eventually(async () => (await received("2026-Q4")) === 7, "the quarter's sum of 7");
    await eventually(async () => (await received("2026")) === 8, "the year's sum of 8");
  });
});

import { createLogger } from "@danvan/platform/log";
import type { Database } from "@danvan/platform/mongo";
import { connectDatabase } from "@danvan/platform/mongo";
import { eventually, testScope } from "@danvan/testing";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { createUnitRegistry, sampleUnitDataset } from "@danvan/vietnam/units";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitionStory } from "../../../dialogues/test/petition-stories.ts";
import type { Change } from "../../src/dashboard/change-feed.ts";
import { createChangeFeed } from "../../src/dashboard/change-feed.ts";
import type { ActiveReadSide } from "../../src/projection/active-read-side.ts";
import { createActiveReadSide } from "../../src/projection/active-read-side.ts";

// The change feed tells open dashboards what changed: what this replica's projection wrote as
// soon as it is written, and what other replicas wrote when its poll finds it, each once.
const scope = testScope("gateway-change-feed");
const logger = createLogger({ service: "change-feed-test", level: "silent" });
const units = createUnitRegistry(sampleUnitDataset);
const calendar = createCalendar(defaultHolidayTable);
let database: Database;
/** Two replicas' read sides on one database. */
let here: ActiveReadSide;
let there: ActiveReadSide;

const makeSide = () => createActiveReadSide({ database, calendar: () => calendar, logger });
const overdue = (n: number, unitCode = "00004", receivedAt = "2026-11-03T02:00:00Z") =>
  petitionStory({
    id: `0193a6f0-7c1e-7b21-9d3f-5a1e2b3c4e${String(n).padStart(2, "0")}`,
    unitCode,
    receivedAt: new Date(receivedAt),
    ending: "overdue",
  });

/** A started feed over `side` polling every `pollMs`, and what it reports. */
function watch(side: ActiveReadSide, pollMs: number) {
  const feed = createChangeFeed({ readSide: side, units, logger, pollMs });
  const changes: Change[] = [];
  feed.subscribe((change) => changes.push(change));
  feed.start();
  return { feed, changes };
}

beforeAll(async () => {
  database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  here = await makeSide();
  there = await makeSide();
});
afterAll(() => database?.close());

describe("the change feed", () => {
  it("reports what this replica's projection wrote before the batch is done, without a poll", async () => {
    const { feed, changes } = watch(here, 60_000);
    try {
      const events = overdue(1);
      await here.handle(events);
      const alerts = changes.filter((c) => c.kind === "alert");
      expect(alerts.map((c) => c.kind === "alert" && c.alert.subject)).toEqual([
        events[0]?.subject,
      ]);
      const stored = await here.current.figures.find().toArray();
      const announced = changes.flatMap((c) => (c.kind === "figures" ? [c] : []));
      // Each stored document, at its revision in the database, for its unit and the province.
      for (const doc of stored) {
        expect(announced).toContainEqual(
          expect.objectContaining({
            unitCode: "01",
            period: doc.period.key,
            stored: { id: doc._id, revision: doc.revision },
          }),
        );
      }
    } finally {
      feed.stop();
    }
  });

  it("finds by polling what another replica wrote, and reports a local write once", async () => {
    const { feed, changes } = watch(here, 20);
    try {
      const local = overdue(2);
      await here.handle(local);
      const remote = overdue(3);
      await there.handle(remote);
      const alertsOf = (subject: string | undefined) =>
        changes.filter((c) => c.kind === "alert" && c.alert.subject === subject).length;
      await eventually(() => alertsOf(remote[0]?.subject) === 1, "the other replica's alert");
      // Polls after the local write found it again: still reported once.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(alertsOf(local[0]?.subject)).toBe(1);
    } finally {
      feed.stop();
    }
  });

  it("announces a merged commune's old figures for the units that count them, then and today", async () => {
    // Phường Quán Thánh (00013) of Quận Ba Đình (001) merged into Phường Ba Đình (00004) on
    // 2025-07-01: a late event of its March 2025 petition changes its own figures, the old
    // district's, Ba Đình's re-attributed ones and the province's.
    const { feed, changes } = watch(here, 60_000);
    try {
      await here.handle(overdue(4, "00013", "2025-03-05T02:00:00Z"));
      const announcedFor = new Set(
        changes.flatMap((c) =>
          c.kind === "figures" && c.period === "2025-03" ? [c.unitCode] : [],
        ),
      );
      expect([...announcedFor].sort()).toEqual(["00004", "00013", "001", "01"]);
    } finally {
      feed.stop();
    }
  });
});

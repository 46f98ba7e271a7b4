import type { Database } from "@danvan/platform/mongo";
import type { HolidayTable, WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { createCalendar, defaultHolidayTable, loadHolidayTable } from "@danvan/vietnam/calendar";

interface HolidayTableDocument {
  _id: "holiday-table";
  version: number;
  years: unknown;
  reason: string;
  updatedAt: string;
}

/**
 * The holiday table in force: the shipped one until an administrator replaces it. Every replica
 * reads the stored version on `refresh()` (the deadline job calls it each sweep), so a change
 * made through one replica reaches the others within a sweep.
 */
export interface HolidayTableSource {
  calendar(): WorkingDayCalendar;
  refresh(): Promise<void>;
  /** Stores a new table (validated) and returns its version. */
  replace(table: HolidayTable, reason: string, now: Date): Promise<number>;
}

export async function createHolidayTableSource(database: Database): Promise<HolidayTableSource> {
  const settings = database.collection<HolidayTableDocument>("settings");
  let version = 0;
  let calendar = createCalendar(defaultHolidayTable);

  async function refresh() {
    const stored = await settings.findOne({ _id: "holiday-table" });
    if (!stored || stored.version === version) return;
    calendar = createCalendar(loadHolidayTable(stored.years));
    version = stored.version;
  }
  await refresh();

  return {
    calendar: () => calendar,
    refresh,
    async replace(table, reason, now) {
      const next = version + 1;
      await settings.updateOne(
        { _id: "holiday-table" },
        { $set: { version: next, years: table.years, reason, updatedAt: now.toISOString() } },
        { upsert: true },
      );
      calendar = createCalendar(table);
      version = next;
      return next;
    },
  };
}

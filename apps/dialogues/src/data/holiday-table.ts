import type { Database } from "@danvan/platform/mongo";
import { ConcurrencyConflictError, isDuplicateKey } from "@danvan/platform/mongo";
import type { HolidayTable, WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { createCalendar, defaultHolidayTable, loadHolidayTable } from "@danvan/vietnam/calendar";

interface HolidayTableDocument {
  _id: "holiday-table";
  version: number;
  years: unknown;
  reason: string;
  updatedAt: string;
  updatedBy?: string;
}

/** One replacement of the table: the audit trail of who changed it, when and why. */
export interface HolidayTableChange {
  version: number;
  reason: string;
  at: string;
  actor: string;
  /** The years of the new table and their status. */
  years: { year: number; status: string }[];
}

/** The table in force and where it came from: the shipped one (version 0) or a replacement. */
export interface HolidayTableInForce {
  version: number;
  table: HolidayTable;
  reason?: string;
  updatedAt?: string;
  updatedBy?: string;
}

/**
 * The holiday table in force: the shipped one until an administrator replaces it. Every replica
 * reads the stored version on `refresh()` (the deadline job calls it each sweep), so a change
 * made through one replica reaches the others within a sweep.
 */
export interface HolidayTableSource {
  calendar(): WorkingDayCalendar;
  /** The table in force on this replica, with its version and last change. */
  inForce(): HolidayTableInForce;
  /** Every replacement, newest first. */
  changes(): Promise<HolidayTableChange[]>;
  refresh(): Promise<void>;
  /** Stores a new table (validated), records who replaced it and why, and returns its version. */
  replace(table: HolidayTable, reason: string, now: Date, actor: string): Promise<number>;
}

export async function createHolidayTableSource(database: Database): Promise<HolidayTableSource> {
  const settings = database.collection<HolidayTableDocument>("settings");
  const history = database.collection<HolidayTableChange & { _id: number }>(
    "holiday_table_changes",
  );
  let inForce: HolidayTableInForce = { version: 0, table: defaultHolidayTable };
  let calendar = createCalendar(defaultHolidayTable);

  async function refresh() {
    const stored = await settings.findOne({ _id: "holiday-table" });
    if (!stored || stored.version === inForce.version) return;
    const table = loadHolidayTable(stored.years);
    calendar = createCalendar(table);
    inForce = {
      version: stored.version,
      table,
      reason: stored.reason,
      updatedAt: stored.updatedAt,
      ...(stored.updatedBy ? { updatedBy: stored.updatedBy } : {}),
    };
  }
  await refresh();

  return {
    calendar: () => calendar,
    inForce: () => inForce,
    async changes() {
      const found = await history.find({}).sort({ _id: -1 }).limit(100).toArray();
      return found.map(({ _id, ...change }) => change);
    },
    refresh,
    async replace(table, reason, now, actor) {
      const current = inForce.version;
      const next = current + 1;
      const at = now.toISOString();
      const fields = { version: next, years: table.years, reason, updatedAt: at, updatedBy: actor };
      // Conditional on the version this replica holds: a table replaced through another replica
      // meanwhile is a 409 (and read here for the next try), never overwritten.
      const conflict = async () => {
        await refresh();
        return new ConcurrencyConflictError("holiday-table", current, inForce.version);
      };
      if (current === 0) {
        try {
          await settings.insertOne({ _id: "holiday-table", ...fields });
        } catch (error) {
          if (isDuplicateKey(error)) throw await conflict();
          throw error;
        }
      } else {
        const result = await settings.updateOne(
          { _id: "holiday-table", version: current },
          { $set: fields },
        );
        if (result.matchedCount !== 1) throw await conflict();
      }
      await history.insertOne({
        _id: next,
        version: next,
        reason,
        at,
        actor,
        years: table.years.map(({ year, status }) => ({ year, status })),
      });
      calendar = createCalendar(table);
      inForce = { version: next, table, reason, updatedAt: at, updatedBy: actor };
      return next;
    },
  };
}

import type { Envelope } from "@danvan/contracts";
import type { Logger } from "@danvan/platform/log";
import type { Collection, Database } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import type { ReadSide } from "./read-side.ts";
import { createReadSide } from "./read-side.ts";

/** Which set of read-model collections is in use: "" for the first, `rb<time>_` after a rebuild. */
export interface ActiveReadModels {
  _id: "read-models";
  prefix: string;
  since: string;
}

export const activeReadModels = (database: Database): Collection<ActiveReadModels> =>
  database.collection<ActiveReadModels>("settings");

/**
 * The read side in use, which a rebuild can replace while the gateway runs: every replica looks
 * at `settings.read-models` now and then and, when a rebuild has switched the prefix, moves its
 * projection, figures and dashboards to the new collections.
 */
export async function createActiveReadSide(options: {
  database: Database;
  units: UnitRegistry;
  calendar: () => WorkingDayCalendar;
  logger: Logger;
  now?: () => Date;
}) {
  const settings = activeReadModels(options.database);
  const prefixNow = async () => (await settings.findOne({ _id: "read-models" }))?.prefix ?? "";
  const make = (prefix: string) =>
    createReadSide({
      database: options.database,
      units: options.units,
      calendar: options.calendar,
      prefix,
      ...(options.now ? { now: options.now } : {}),
    });
  let prefix = await prefixNow();
  let current: ReadSide = await make(prefix);
  const listeners = new Set<(side: ReadSide) => void>();

  return {
    get current() {
      return current;
    },
    get prefix() {
      return prefix;
    },
    handle: (envelopes: readonly Envelope[]) => current.handle(envelopes),
    /** Told after a switch (dashboards drop what they cached of the old collections). */
    onSwitch(listener: (side: ReadSide) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Looks for a switch; called by the change feed's poll. */
    async refresh() {
      const wanted = await prefixNow();
      if (wanted === prefix) return;
      current = await make(wanted);
      prefix = wanted;
      options.logger.info({ prefix: wanted }, "read models switched");
      for (const listener of listeners) listener(current);
    },
  };
}

export type ActiveReadSide = Awaited<ReturnType<typeof createActiveReadSide>>;

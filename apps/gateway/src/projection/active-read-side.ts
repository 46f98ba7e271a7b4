import type { DanvanEvent } from "@danvan/contracts";
import type { Logger } from "@danvan/platform/log";
import type { Collection, Database } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import type { Written } from "./handler.ts";
import type { ReadSide } from "./read-side.ts";
import { createReadSide } from "./read-side.ts";

/**
 * What the read models hold and how; a set built by an older format must be rebuilt.
 * 2: figures of a unit's own facts, per day and month (units above, quarters, years summed when
 * read); 1 stored every unit above and every period too.
 */
export const READ_MODELS_FORMAT = 2;

/** Which set of read-model collections is in use: "" for the first, `rb<time>_` after a rebuild. */
export interface ActiveReadModels {
  _id: "read-models";
  prefix: string;
  since: string;
  /** Absent: format 1. */
  format?: number;
}

export const activeReadModels = (database: Database): Collection<ActiveReadModels> =>
  database.collection<ActiveReadModels>("settings");

/**
 * The read side in use, which a rebuild can replace while the gateway runs: when a rebuild has
 * switched the prefix in `settings.read-models`, each replica moves its projection, figures and
 * dashboards to the new collections. Its dashboards notice within a second (the change feed's
 * `refresh`); its projection by itself, on the next batch, however late the feed is (`handle`).
 */
export async function createActiveReadSide(options: {
  database: Database;
  calendar: () => WorkingDayCalendar;
  logger: Logger;
  now?: () => Date;
}) {
  const settings = activeReadModels(options.database);
  // Until a rebuild, the first set is in use and nothing says so. On a first start it is empty
  // and will hold this format: written down. An older gateway's set holds figures already.
  if (
    !(await settings.findOne({ _id: "read-models" })) &&
    !(await options.database.collection("figures").findOne({}, { projection: { _id: 1 } }))
  ) {
    await settings.updateOne(
      { _id: "read-models" },
      { $setOnInsert: { prefix: "", since: new Date().toISOString(), format: READ_MODELS_FORMAT } },
      { upsert: true },
    );
  }
  const active = async () => {
    const found = await settings.findOne({ _id: "read-models" });
    return { prefix: found?.prefix ?? "", format: found?.format ?? 1 };
  };
  const warnIfOutdated = (format: number) => {
    if (format >= READ_MODELS_FORMAT) return;
    options.logger.error(
      { format, expected: READ_MODELS_FORMAT },
      "the read models were built by an older gateway: dashboards' figures are wrong until they are rebuilt (npm run rebuild -w apps/gateway)",
    );
  };
  const writeListeners = new Set<(written: Written) => void>();
  const make = (prefix: string) =>
    createReadSide({
      database: options.database,
      calendar: options.calendar,
      prefix,
      ...(options.now ? { now: options.now } : {}),
      announce: (written) => {
        for (const listener of writeListeners) listener(written);
      },
    });
  let { prefix, format } = await active();
  warnIfOutdated(format);
  let current: ReadSide = await make(prefix);
  const listeners = new Set<(side: ReadSide) => void>();
  /** One switch at a time, each after the one before: a later read of the settings wins. */
  let switching = Promise.resolve();
  const refresh = () => {
    const next = switching.then(async () => {
      const wanted = await active();
      if (wanted.prefix === prefix) return;
      current = await make(wanted.prefix);
      ({ prefix, format } = wanted);
      warnIfOutdated(format);
      options.logger.info({ prefix, format }, "read models switched");
      for (const listener of listeners) listener(current);
    });
    // A failed look (the database away) fails its caller, not the looks after it.
    switching = next.catch(() => {});
    return next;
  };

  return {
    get current() {
      return current;
    },
    get prefix() {
      return prefix;
    },
    /** The format of the set in use (`READ_MODELS_FORMAT`, or older until rebuilt). */
    get format() {
      return format;
    },
    /**
     * Projects a batch into the set in use, and reads which set that is while writing. The read
     * comes after the batch was fetched, so if it still names the set written to, the switch
     * came later and the rebuild, which applies everything published before its switch, has
     * these events too. If it names another set, the batch is applied there as well (a second
     * application of the same events changes nothing) and the projection moves over.
     */
    async handle(envelopes: readonly DanvanEvent[], source?: string) {
      const target = current;
      const [, wanted] = await Promise.all([target.handle(envelopes, source), active()]);
      if (wanted.prefix === prefix && current === target) return;
      await refresh();
      if (current !== target) await current.handle(envelopes, source);
    },
    /** Told after a switch (dashboards drop what they cached of the old collections). */
    onSwitch(listener: (side: ReadSide) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Told of what this replica's projection wrote, as each write lands (the change feed). */
    onWritten(listener: (written: Written) => void) {
      writeListeners.add(listener);
      return () => writeListeners.delete(listener);
    },
    /** Looks for a switch; called by the change feed's poll. */
    refresh,
  };
}

export type ActiveReadSide = Awaited<ReturnType<typeof createActiveReadSide>>;

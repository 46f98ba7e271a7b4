import type { DanvanEvent } from "@danvan/contracts";
import { insertManyRefusingDuplicates, isDuplicateKey } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { contributionOf, petitionDelta, receptionMissDelta, sessionDelta } from "./figures.ts";
import type { FiguresChange, FiguresWriter, WrittenFigures } from "./figures-writer.ts";
import { createFiguresChanges } from "./figures-writer.ts";
import type { JournalEntry, Planned } from "./journal.ts";
import { fromJournal, toJournal, writePlanned, writePlannedMisses } from "./journal.ts";
import type { Fold } from "./records.ts";
import { createFold, monthInstant } from "./records.ts";
import type { PetitionView, ReadModelStore, SessionView, StoredAlert } from "./views.ts";

/** What a write of a batch landed that open dashboards are told of (new alerts, changed figures). */
export interface Written {
  alerts: StoredAlert[];
  figures: WrittenFigures[];
}

/** Another replica holds this writer's journal (a rebalance under way): the batch is retried. */
export class WriterBusyError extends Error {
  override readonly name = "WriterBusyError";
}

/** How many times a batch is planned again when other writers keep changing its views. */
const MAX_PLANS = 5;

/**
 * The gateway group's handler, for a batch of consecutive events of a partition (`source`: the
 * writer, one at a time each): folds them (newest snapshot per aggregate, alerts and misses by
 * id), plans each view newer than the stored one with the figures changes it brings, keeps the
 * plan in the journal, writes the views, adds the changes to the figures, and closes the entry.
 * A replay or a redelivery changes nothing. A failure in the middle (the database away after the
 * views, before the figures) leaves the entry, which the writer's next batch finishes first: the
 * figures take what they were owed, once (projection/journal.ts). `announce` hears of each write
 * as it lands, so this replica's dashboards need not wait for the change feed's poll.
 */
export function createProjection(deps: {
  store: ReadModelStore;
  figures: FiguresWriter;
  calendar: () => WorkingDayCalendar;
  announce?: (written: Written) => void;
}) {
  const { store } = deps;

  /** The entry's views and misses written; the changes of those that are its own. */
  async function writeEntry(entry: JournalEntry) {
    const owed: FiguresChange[] = [];
    const conflicts = { petitions: [] as PetitionView[], sessions: [] as SessionView[] };
    const write = async <V extends { _id: string; version: number }>(
      collection: Parameters<typeof writePlanned<V>>[0],
      plans: Planned<V>[],
      lost: V[],
    ) => {
      const ours = await Promise.all(plans.map((plan) => writePlanned(collection, plan)));
      plans.forEach((plan, i) => {
        if (ours[i]) owed.push(...fromJournal(plan.changes));
        else lost.push(plan.view);
      });
    };
    await write(store.petitions, entry.petitions, conflicts.petitions);
    await write(store.sessions, entry.sessions, conflicts.sessions);
    for (const { changes } of await writePlannedMisses(store.receptionMisses, entry)) {
      owed.push(...fromJournal(changes));
    }
    return { owed, conflicts };
  }

  /** Finishes an entry a failure left: what it wrote is paid to the figures, nothing twice. */
  async function finish(entry: JournalEntry) {
    const { owed } = await writeEntry(entry);
    const mark = { source: entry.source, entry: entry._id };
    const figures = await deps.figures.applyOwed(owed, mark);
    if (figures.length > 0) deps.announce?.({ alerts: [], figures });
    await store.journal.deleteOne({ _id: entry._id });
  }

  /** The entry of a fold: each view newer than the stored one, each new miss, with its changes. */
  async function plan(fold: Fold, source: string): Promise<JournalEntry> {
    const calendar = deps.calendar();
    const id = crypto.randomUUID();
    const stored = async <V extends { _id: string }>(
      collection: { find(filter: object): { toArray(): Promise<V[]> } },
      ids: string[],
    ) =>
      new Map(
        ids.length === 0
          ? []
          : (await collection.find({ _id: { $in: ids } }).toArray()).map((v) => [v._id, v]),
      );
    const petitions = await stored<PetitionView>(store.petitions, [...fold.petitions.keys()]);
    const sessions = await stored<SessionView>(store.sessions, [...fold.sessions.keys()]);
    const misses = await stored(store.receptionMisses, [...fold.misses.keys()]);
    const changesOf = (add: (changes: ReturnType<typeof createFiguresChanges>) => void) => {
      const changes = createFiguresChanges();
      add(changes);
      return toJournal(changes.list());
    };
    const newer = <V extends { _id: string; version: number }>(
      views: Iterable<V>,
      held: Map<string, V>,
    ) => [...views].filter((view) => (held.get(view._id)?.version ?? 0) < view.version);
    return {
      _id: id,
      source,
      petitions: newer(fold.petitions.values(), petitions).map((after) => {
        const before = petitions.get(after._id);
        return {
          view: { ...after, writtenBy: id },
          replaces: before?.version ?? null,
          changes: changesOf((changes) =>
            changes.add(
              after.unitCode,
              after.receivedAt,
              petitionDelta(
                before ? contributionOf(before, calendar) : undefined,
                contributionOf(after, calendar),
              ),
            ),
          ),
        };
      }),
      sessions: newer(fold.sessions.values(), sessions).map((after) => {
        const before = sessions.get(after._id);
        return {
          view: { ...after, writtenBy: id },
          replaces: before?.version ?? null,
          changes: changesOf((changes) => {
            if (before) {
              changes.add(before.unitCode, before.scheduledAt, sessionDelta(before.status, -1));
            }
            changes.add(after.unitCode, after.scheduledAt, sessionDelta(after.status, 1));
          }),
        };
      }),
      // Counted in months, not in days.
      misses: [...fold.misses.values()]
        .filter((miss) => !misses.has(miss._id))
        .map((miss) => ({
          miss,
          changes: changesOf((changes) =>
            changes.add(miss.unitCode, monthInstant(miss.month), receptionMissDelta, true),
          ),
        })),
    };
  }

  /** `source`: the writer (a partition); one batch at a time each. */
  return async (envelopes: readonly DanvanEvent[], source = "default"): Promise<void> => {
    for (const left of await store.journal.find({ source }).toArray()) await finish(left);
    const fold = createFold();
    for (const envelope of envelopes) fold.add(envelope);

    // The change feed finds new alerts by when they were recorded here: the real clock.
    const alerts = [...fold.alerts.values()].map((alert) => ({ ...alert, recordedAt: Date.now() }));
    const repeated = await insertManyRefusingDuplicates(store.alerts, alerts);
    if (alerts.length > repeated.size) {
      deps.announce?.({ alerts: alerts.filter((_, i) => !repeated.has(i)), figures: [] });
    }

    let pending = fold;
    for (let round = 0; round < MAX_PLANS; round++) {
      const entry = await plan(pending, source);
      if (entry.petitions.length + entry.sessions.length + entry.misses.length === 0) return;
      try {
        await store.journal.insertOne(entry);
      } catch (error) {
        if (isDuplicateKey(error)) throw new WriterBusyError(`${source} is being projected`);
        throw error;
      }
      const { owed, conflicts } = await writeEntry(entry);
      const figures = await deps.figures.apply(owed, { source, entry: entry._id });
      if (figures.length > 0) deps.announce?.({ alerts: [], figures });
      await store.journal.deleteOne({ _id: entry._id });
      // Views another writer changed meanwhile: planned again from what is stored now.
      if (conflicts.petitions.length + conflicts.sessions.length === 0) return;
      pending = createFold();
      for (const view of conflicts.petitions) pending.petitions.set(view._id, view);
      for (const view of conflicts.sessions) pending.sessions.set(view._id, view);
    }
    throw new WriterBusyError(`${source}: its views kept changing under it`);
  };
}

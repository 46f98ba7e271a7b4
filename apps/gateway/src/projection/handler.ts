import type { DanvanEvent } from "@danvan/contracts";
import type { Collection } from "@danvan/platform/mongo";
import { insertManyRefusingDuplicates } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { contributionOf, petitionDelta, receptionMissDelta, sessionDelta } from "./figures.ts";
import type { FiguresWriter } from "./figures-writer.ts";
import { createFiguresChanges } from "./figures-writer.ts";
import { createFold, monthInstant } from "./records.ts";
import type { ReadModelStore } from "./views.ts";

/** How many times a batch re-reads views that another writer changed under it. */
const MAX_ROUNDS = 5;

class ViewsKeptChangingError extends Error {
  override readonly name = "ViewsKeptChangingError";
}

/**
 * Writes the newest snapshots of a batch, each as a compare-and-set on the version read just
 * before (an insert when there was none; an aggregate's first snapshot is inserted without a
 * read), and calls `applied(before, after)` for each one written.
 * A snapshot that lost to another writer (a replica finishing a batch after a rebalance, a
 * rebuild's catch-up) is read again and retried, so each change is counted exactly once.
 */
async function writeSnapshots<T extends { _id: string; version: number }>(
  collection: Collection<T>,
  snapshots: Iterable<T>,
  applied: (before: T | undefined, after: T) => void,
) {
  let pending = [...snapshots];
  // An aggregate's first snapshot has no view yet, but on a redelivery: inserted without
  // reading first, and read (next round) only when the insert is refused.
  const first = pending.filter((s) => s.version === 1);
  if (first.length > 0) {
    const refused = await insertManyRefusingDuplicates(collection, first);
    first.forEach((snapshot, i) => {
      if (!refused.has(i)) applied(undefined, snapshot);
    });
    pending = [
      ...pending.filter((s) => s.version !== 1),
      ...first.filter((_, i) => refused.has(i)),
    ];
  }
  for (let round = 0; pending.length > 0; round++) {
    if (round === MAX_ROUNDS) {
      throw new ViewsKeptChangingError(`${pending.length} views kept changing; trying again`);
    }
    const found = (await collection
      .find({ _id: { $in: pending.map((s) => s._id) } } as never)
      .toArray()) as T[];
    const before = new Map(found.map((view) => [view._id, view]));
    const fresh = pending.filter((s) => !before.has(s._id));
    const newer = pending.filter((s) => (before.get(s._id)?.version ?? s.version) < s.version);
    const lost: T[] = [];
    const refused = await insertManyRefusingDuplicates(collection, fresh);
    fresh.forEach((snapshot, i) => {
      if (refused.has(i)) lost.push(snapshot);
      else applied(undefined, snapshot);
    });
    // One command each: FerretDB reports no per-statement outcome of a bulk update.
    const results = await Promise.all(
      newer.map((snapshot) =>
        collection.replaceOne(
          { _id: snapshot._id, version: before.get(snapshot._id)?.version } as never,
          snapshot,
        ),
      ),
    );
    newer.forEach((snapshot, i) => {
      if (results[i]?.matchedCount === 1) applied(before.get(snapshot._id), snapshot);
      else lost.push(snapshot);
    });
    pending = lost;
  }
}

/**
 * The gateway group's handler, for a batch of consecutive events of a partition: folds them
 * (newest snapshot per aggregate, alerts and misses by id), writes each view that is newer than
 * the stored one, and adds the differences to the figures of each unit (units above sum them), one
 * `$inc` per figures document for the whole batch. A replay or a redelivery changes nothing.
 * (A crash between the views' writes and the figures' leaves the figures short of that batch:
 * `npm run rebuild` makes them whole — README, "Rebuild".)
 */
export function createProjection(deps: {
  store: ReadModelStore;
  figures: FiguresWriter;
  calendar: () => WorkingDayCalendar;
}) {
  const { store } = deps;
  return async (envelopes: readonly DanvanEvent[]): Promise<void> => {
    const fold = createFold();
    for (const envelope of envelopes) fold.add(envelope);
    const changes = createFiguresChanges();
    const calendar = deps.calendar();

    await insertManyRefusingDuplicates(
      store.alerts,
      // The change feed finds new alerts by when they were recorded here: the real clock.
      [...fold.alerts.values()].map((alert) => ({ ...alert, recordedAt: Date.now() })),
    );
    const misses = [...fold.misses.values()];
    const known = await insertManyRefusingDuplicates(store.receptionMisses, misses);
    misses.forEach((miss, i) => {
      // Counted in months, not in days.
      if (!known.has(i)) {
        changes.add(miss.unitCode, monthInstant(miss.month), receptionMissDelta, true);
      }
    });
    await writeSnapshots(store.petitions, fold.petitions.values(), (before, after) => {
      changes.add(
        after.unitCode,
        after.receivedAt,
        petitionDelta(
          before ? contributionOf(before, calendar) : undefined,
          contributionOf(after, calendar),
        ),
      );
    });
    await writeSnapshots(store.sessions, fold.sessions.values(), (before, after) => {
      if (before) changes.add(before.unitCode, before.scheduledAt, sessionDelta(before.status, -1));
      changes.add(after.unitCode, after.scheduledAt, sessionDelta(after.status, 1));
    });
    await deps.figures.apply(changes.list());
  };
}

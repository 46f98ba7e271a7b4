import { insertManyRefusingDuplicates } from "./bulk.ts";
import type { Collection } from "./connection.ts";

/** How many times a batch re-reads views that another writer changed under it. */
const MAX_ROUNDS = 5;

class ViewsKeptChangingError extends Error {
  override readonly name = "ViewsKeptChangingError";
}

/**
 * The version-gated write of read models (docs/architecture.md §5): writes the newest snapshot of each
 * aggregate of a batch, each as a compare-and-set on the version read just before (an insert
 * when there was none; an aggregate's first snapshot is inserted without a read), and calls
 * `applied(before, after)` for each one written. An older or equal version changes nothing, so
 * replays, duplicates and late arrivals are no-ops.
 * A snapshot that lost to another writer (a replica finishing a batch after a rebalance, a
 * rebuild's catch-up) is read again and retried, so each change is counted exactly once.
 */
export async function writeNewerSnapshots<T extends { _id: string; version: number }>(
  collection: Collection<T>,
  snapshots: Iterable<T>,
  applied: (before: T | undefined, after: T) => void = () => {},
): Promise<void> {
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

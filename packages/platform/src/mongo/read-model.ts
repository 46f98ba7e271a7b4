import { insertManyRefusingDuplicates } from "./bulk.ts";
import type { Collection } from "./connection.ts";

/**
 * The version-gated write of read models (docs/architecture.md §5): writes the newest snapshot of each
 * aggregate of a batch over an older view in one command that returns the view it replaced (an
 * insert when there was none; an aggregate's first snapshot is inserted without trying to
 * replace), and calls `applied(before, after)` for each one written. An older or equal version
 * changes nothing, so replays, duplicates and late arrivals are no-ops. A snapshot that found no
 * older view is inserted; if the insert is refused another writer got there first (a replica
 * finishing a batch after a rebalance, a rebuild's catch-up), and the snapshot replaces that
 * view if it is older: each change is counted exactly once.
 */
export async function writeNewerSnapshots<T extends { _id: string; version: number }>(
  collection: Collection<T>,
  snapshots: Iterable<T>,
  applied: (before: T | undefined, after: T) => void = () => {},
): Promise<void> {
  const all = [...snapshots];
  /** Inserts; those refused because their view exists are returned. */
  const insert = async (batch: T[]): Promise<T[]> => {
    const refused = await insertManyRefusingDuplicates(collection, batch);
    batch.forEach((snapshot, i) => {
      if (!refused.has(i)) applied(undefined, snapshot);
    });
    return batch.filter((_, i) => refused.has(i));
  };
  /** Replaces older views; those that found none (absent, or as new) are returned. */
  const replace = async (batch: T[]): Promise<T[]> => {
    // One command each: FerretDB reports no per-statement outcome of a bulk update.
    const replaced = await Promise.all(
      batch.map((snapshot) =>
        collection.findOneAndReplace(
          { _id: snapshot._id, version: { $lt: snapshot.version } } as never,
          snapshot,
          { returnDocument: "before" },
        ),
      ),
    );
    batch.forEach((snapshot, i) => {
      const before = replaced[i] as T | null;
      if (before) applied(before, snapshot);
    });
    return batch.filter((_, i) => !replaced[i]);
  };
  // An aggregate's first snapshot has no view yet but on a redelivery: inserted at once.
  const existing = await insert(all.filter((s) => s.version === 1));
  const unreplaced = await replace([...all.filter((s) => s.version !== 1), ...existing]);
  // Found no older view: none yet (insert), or one as new (the insert is refused). A view
  // inserted meanwhile by another writer may still be older: replaced if so, else left.
  const refused = await insert(unreplaced.filter((s) => !existing.includes(s)));
  await replace(refused);
}

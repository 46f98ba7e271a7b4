import type { Collection } from "@danvan/platform/mongo";
import { insertManyRefusingDuplicates, isDuplicateKey } from "@danvan/platform/mongo";
import type { FiguresChange } from "./figures-writer.ts";
import type { ReceptionMiss } from "./views.ts";

/**
 * What one writer owes the figures for its latest batch, kept before any view of it is written
 * (the projection's journal, one entry per writer, replaced by its next batch): the figures
 * changes of each view and miss it is about to write, by id. If it fails in the middle — views
 * written, figures not yet — the writer's next batch (the redelivery, on whichever replica) pays
 * the changes of the views the entry did write (each says `writtenBy`), and only to figures
 * documents that do not carry the entry's mark yet: the figures come out whole instead of short,
 * and never twice. The views themselves are not kept: the batch is redelivered, and planned
 * again from what is stored.
 */
export interface JournalEntry {
  /** The writer: a topic's partition (`topic|partition`), or a rebuild's. */
  _id: string;
  /** This attempt's id: every view it writes says so (`writtenBy`), every figures document too. */
  attempt: string;
  owes: Owed[];
}

/** What writing one view or miss brings the figures. */
export interface Owed {
  kind: "petition" | "session" | "miss";
  id: string;
  changes: JournalChange[];
}

/** A planned write of a view: over the version it replaces (null: none yet), as the entry's. */
export interface Planned<V> {
  view: V & { writtenBy: string };
  replaces: number | null;
}

/**
 * A figures change as the journal keeps it: its `$inc` paths as a list, since a stored
 * document's keys may not contain dots (nor FerretDB's arrays hold arrays).
 */
export type JournalChange = Omit<FiguresChange, "delta"> & {
  delta: { path: string; n: number }[];
};

export const toJournal = (changes: readonly FiguresChange[]): JournalChange[] =>
  changes.map((change) => ({
    ...change,
    delta: Object.entries(change.delta).map(([path, n]) => ({ path, n })),
  }));

export const fromJournal = (changes: readonly JournalChange[]): FiguresChange[] =>
  changes.map((change) => ({
    ...change,
    delta: Object.fromEntries(change.delta.map(({ path, n }) => [path, n])),
  }));

/**
 * Writes a planned view if what is stored is still what the plan replaces: true when it did (its
 * figures changes are then owed). False when another writer got there first (a rebuild's
 * catch-up, a replica after a rebalance): that writer counts its own change, and this one is
 * planned again from what is stored now. Each attempt plans anew, so a view that is not
 * written now is never the attempt's own.
 */
export async function writePlanned<V extends { _id: string; version: number }>(
  collection: Collection<V & { writtenBy?: string }>,
  planned: Planned<V>,
): Promise<boolean> {
  const { view, replaces } = planned;
  try {
    if (replaces === null) {
      await collection.insertOne(view as never);
      return true;
    }
    const replaced = await collection.replaceOne(
      { _id: view._id, version: replaces } as never,
      view as never,
    );
    return replaced.matchedCount === 1;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return false;
  }
}

/** Inserts new misses as the entry's: true for each inserted, false for one already stored. */
export async function writePlannedMisses(
  misses: Collection<ReceptionMiss>,
  planned: (ReceptionMiss & { writtenBy: string })[],
): Promise<boolean[]> {
  const refused = await insertManyRefusingDuplicates(misses, planned);
  return planned.map((_, i) => !refused.has(i));
}

/** Which of the ids are stored as written by `entry`. */
export async function writtenBy(
  collection: Collection<{ _id: string; writtenBy?: string }>,
  ids: string[],
  entry: string,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await collection
    .find({ _id: { $in: ids }, writtenBy: entry }, { projection: { _id: 1 } })
    .toArray();
  return new Set(found.map((doc) => doc._id));
}

import type { Collection } from "@danvan/platform/mongo";
import { insertManyRefusingDuplicates, isDuplicateKey } from "@danvan/platform/mongo";
import type { FiguresChange } from "./figures-writer.ts";
import type { PetitionView, ReceptionMiss, SessionView } from "./views.ts";

/**
 * What one writer means to write for a batch, kept before any of it is written (the
 * projection's journal): each view with the version it replaces and the figures changes it
 * brings, each new miss with its own. The figures can then be made whole after a failure in the
 * middle — the views written, the figures not yet — by whoever handles that writer's batches
 * next, instead of staying short.
 */
export interface JournalEntry {
  /** This attempt's id: every view it writes says so (`writtenBy`), every figures document too. */
  _id: string;
  /** The writer: a topic's partition (`topic|partition`), or `rebuild`. */
  source: string;
  petitions: Planned<PetitionView>[];
  sessions: Planned<SessionView>[];
  misses: { miss: ReceptionMiss; changes: JournalChange[] }[];
}

export interface Planned<V> {
  view: V & { writtenBy: string };
  /** The version it replaces; null when there was no view. */
  replaces: number | null;
  changes: JournalChange[];
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
 * Writes a planned view if what is stored is still what the plan replaces, or already this
 * entry's: true when the view is the entry's (its figures changes are then owed). False when
 * another writer got there (a rebuild's catch-up, a replica after a rebalance): that writer
 * counts its own change, and this one is planned again from what is stored now.
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
    if (replaced.matchedCount === 1) return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const stored = await collection.findOne({ _id: view._id } as never, {
    projection: { writtenBy: 1 },
  });
  return stored?.writtenBy === view.writtenBy;
}

/** Inserts the entry's misses; those already stored by another entry owe nothing. */
export async function writePlannedMisses(
  misses: Collection<ReceptionMiss & { writtenBy?: string }>,
  entry: JournalEntry,
): Promise<JournalEntry["misses"]> {
  const planned = entry.misses.map(({ miss }) => ({ ...miss, writtenBy: entry._id }));
  const refused = await insertManyRefusingDuplicates(misses, planned);
  if (refused.size === 0) return entry.misses;
  const ours = new Set(
    (
      await misses
        .find(
          {
            _id: { $in: [...refused].map((i) => planned[i]?._id as string) },
            writtenBy: entry._id,
          },
          { projection: { _id: 1 } },
        )
        .toArray()
    ).map((miss) => miss._id),
  );
  return entry.misses.filter(
    (_, i) => !refused.has(i) || ours.has(entry.misses[i]?.miss._id ?? ""),
  );
}

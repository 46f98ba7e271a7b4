import type { Collection } from "@danvan/platform/mongo";
import { bulkWriteInSlices, insertManyRefusingDuplicates } from "@danvan/platform/mongo";
import type { FiguresDelta, FiguresDocument } from "./figures.ts";
import { fieldKey, figuresId } from "./figures.ts";
import type { Period } from "./periods.ts";
import { storedPeriodsOf } from "./periods.ts";

/** What a run of events adds to one figures document. */
export interface FiguresChange {
  id: string;
  unitCode: string;
  period: Period;
  delta: FiguresDelta;
}

/** A figures document as a write left it: what the change feed announces of it. */
export type WrittenFigures = Pick<
  FiguresDocument,
  "_id" | "unitCode" | "period" | "asOf" | "revision" | "version"
>;

/** Which journal entry of which writer a figures change comes from (projection/journal.ts). */
export interface FiguresMark {
  source: string;
  entry: string;
}

export interface FiguresWriter {
  /**
   * Adds the changes with `$inc`, one statement per document, and marks each document with the
   * entry they come from (`journal.<source>`: the last entry of that writer it took) in the same
   * statement, unless it carries that mark already; resolves once they are written, possibly together with those of batches handled
   * at the same time, with the documents that write changed as it left them (or newer).
   */
  apply(changes: readonly FiguresChange[], mark?: FiguresMark): Promise<WrittenFigures[]>;
  /**
   * The changes of an entry a failure interrupted: added to each document that is not marked
   * with that entry yet, one statement each, so that none is added twice.
   */
  applyOwed(changes: readonly FiguresChange[], mark: FiguresMark): Promise<WrittenFigures[]>;
}

const markPath = (mark: FiguresMark) => `journal.${fieldKey(mark.source)}`;

/** A change as written: summed per document, with the journal marks it sets. */
type MarkedChange = FiguresChange & { marks: Record<string, string> };

/**
 * Figures changes summed per document; `list` leaves out paths that added up to nothing (a
 * document whose changes cancel out still takes its marks).
 */
function summedChanges() {
  const sums = new Map<string, MarkedChange>();
  return {
    add(change: FiguresChange, mark?: FiguresMark) {
      let sum = sums.get(change.id);
      if (!sum) {
        sum = { ...change, delta: {}, marks: {} };
        sums.set(change.id, sum);
      }
      for (const [path, n] of Object.entries(change.delta)) {
        sum.delta[path] = (sum.delta[path] ?? 0) + n;
      }
      // A change that adds nothing needs no mark: finishing its entry again adds nothing either.
      if (mark && Object.values(change.delta).some((n) => n !== 0)) {
        sum.marks[markPath(mark)] = mark.entry;
      }
    },
    list(): MarkedChange[] {
      return [...sums.values()].flatMap((change) => {
        const delta = Object.fromEntries(Object.entries(change.delta).filter(([, n]) => n !== 0));
        return Object.keys(delta).length > 0 || Object.keys(change.marks).length > 0
          ? [{ ...change, delta }]
          : [];
      });
    },
  };
}

/**
 * Sums the figures changes of many events per document: a batch of events of the same commune
 * and period makes one `$inc`, and the rebuild folds everything this way.
 */
export function createFiguresChanges() {
  const sums = summedChanges();
  return {
    /**
     * A change of the figures of `unitCode` itself (units above sum it when read), for the day
     * and month `instant` falls in (without the day when `months`: a monthly fact).
     */
    add(unitCode: string, instant: string, delta: FiguresDelta, months = false) {
      if (Object.keys(delta).length === 0) return;
      for (const period of storedPeriodsOf(instant)) {
        if (months && period.kind === "day") continue;
        sums.add({ id: figuresId(unitCode, period.key), unitCode, period, delta });
      }
    },
    /** The changes, without paths that added up to nothing. */
    list: () => sums.list(),
  };
}

/**
 * Changes figures in place with `$inc`: atomic per document, so replicas can add at once.
 *
 * Writes are group-committed: while one write is under way, the changes of batches handled
 * meanwhile (the group projects several partitions at once) are summed per document and go in
 * the next write, which each of them awaits. Under load a figures document changed by several
 * batches is written once, not once per batch; alone, a batch's changes are written at once. A
 * failed write fails every batch in it, and each is retried as a failed batch is.
 */
export function createFiguresWriter(options: {
  figures: Collection<FiguresDocument>;
  now?: () => Date;
}): FiguresWriter {
  const now = options.now ?? (() => new Date());
  let summed = summedChanges();
  let waiting: {
    resolve: (written: WrittenFigures[]) => void;
    reject: (error: unknown) => void;
  }[] = [];
  let writing = false;

  /**
   * Writes, then reads back what it wrote: the revisions, which `$inc` made in the database. A
   * document another replica changed meanwhile reads newer, which is what a reader needs to know.
   */
  const update = (change: MarkedChange, at: Date) => ({
    $inc: { ...change.delta, revision: 1 },
    $set: { version: at.getTime(), asOf: at.toISOString(), ...change.marks },
  });

  async function write(changes: MarkedChange[]): Promise<WrittenFigures[]> {
    if (changes.length === 0) return [];
    const at = now();
    await bulkWriteInSlices(
      options.figures,
      changes.map((change) => ({
        updateOne: {
          // Not where an entry's changes are already (paid by a writer finishing it): such a
          // statement fails the write, and the batch, retried, pays only what is missing.
          filter: {
            _id: change.id,
            ...Object.fromEntries(
              Object.entries(change.marks).map(([path, entry]) => [path, { $ne: entry }]),
            ),
          },
          update: {
            ...update(change, at),
            $setOnInsert: { unitCode: change.unitCode, period: change.period },
          },
          upsert: true,
        },
      })),
    );
    return readBack(changes);
  }

  /** What the documents are now: the revisions `$inc` made in the database. */
  function readBack(changes: readonly FiguresChange[]) {
    return options.figures
      .find(
        { _id: { $in: changes.map((change) => change.id) } },
        { projection: { unitCode: 1, period: 1, asOf: 1, revision: 1, version: 1 } },
      )
      .toArray() as Promise<WrittenFigures[]>;
  }

  function writeWaiting() {
    if (writing || waiting.length === 0) return;
    const changes = summed.list();
    const settled = waiting;
    summed = summedChanges();
    waiting = [];
    writing = true;
    write(changes)
      .then(
        (written) => {
          for (const w of settled) w.resolve(written);
        },
        (error: unknown) => {
          for (const w of settled) w.reject(error);
        },
      )
      .finally(() => {
        writing = false;
        writeWaiting();
      });
  }

  return {
    async applyOwed(changes, mark) {
      const owed = summedChanges();
      for (const change of changes) owed.add(change, mark);
      const list = owed.list();
      if (list.length === 0) return [];
      // Each document first exists (so the guarded statements need no upsert), then takes the
      // changes only if the entry's mark is not on it yet.
      await insertManyRefusingDuplicates(
        options.figures,
        list.map((change) => ({
          _id: change.id,
          unitCode: change.unitCode,
          period: change.period,
          revision: 0,
          version: 0,
          asOf: now().toISOString(),
        })) as FiguresDocument[],
      );
      const at = now();
      for (const change of list) {
        await options.figures.updateOne(
          { _id: change.id, [markPath(mark)]: { $ne: mark.entry } } as never,
          update(change, at) as never,
        );
      }
      return readBack(list);
    },
    apply(changes, mark) {
      for (const change of changes) summed.add(change, mark);
      const written = new Promise<WrittenFigures[]>((resolve, reject) => {
        waiting.push({ resolve, reject });
      });
      writeWaiting();
      return written;
    },
  };
}

import type { DanvanEvent } from "@danvan/contracts";
import { insertManyRefusingDuplicates } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { contributionOf, petitionDelta, receptionMissDelta, sessionDelta } from "./figures.ts";
import type { FiguresChange, FiguresWriter, WrittenFigures } from "./figures-writer.ts";
import { createFiguresChanges } from "./figures-writer.ts";
import type { JournalEntry, Owed, Planned } from "./journal.ts";
import { fromJournal, toJournal, writePlanned, writePlannedMisses, writtenBy } from "./journal.ts";
import type { Fold } from "./records.ts";
import { createFold, monthInstant } from "./records.ts";
import type { PetitionView, ReadModelStore, SessionView, StoredAlert } from "./views.ts";

/** What a write of a batch landed that open dashboards are told of (new alerts, changed figures). */
export interface Written {
  alerts: StoredAlert[];
  figures: WrittenFigures[];
}

/** Other writers kept changing a batch's views under it: the batch is retried. */
export class WriterBusyError extends Error {
  override readonly name = "WriterBusyError";
}

/** How many times a batch is planned again when other writers keep changing its views. */
const MAX_PLANS = 5;

/**
 * The gateway group's handler, for a batch of consecutive events of a partition (`source`: the
 * writer): folds them (newest snapshot per aggregate, alerts and misses by id), plans each view
 * newer than the stored one and each new miss with the figures changes it brings, keeps what the
 * figures are owed in the writer's journal entry, writes the views, adds the changes of the views
 * it wrote to the figures (each document marked with the entry, in the same statement), and goes
 * on. A replay or a redelivery changes nothing. A failure in the middle (the database away after
 * the views, before the figures) is made good by the writer's next batch, which first pays what
 * its entry still owes (projection/journal.ts); so is a replica's first batch of a partition,
 * whatever the replica before it left. `announce` hears of each write as it lands, so this
 * replica's dashboards need not wait for the change feed's poll.
 */
export function createProjection(deps: {
  store: ReadModelStore;
  figures: FiguresWriter;
  calendar: () => WorkingDayCalendar;
  announce?: (written: Written) => void;
}) {
  const { store } = deps;
  /** Writers whose entry this process knows to be paid: its own last batch of each succeeded. */
  const paid = new Set<string>();

  const collectionOf = (kind: Owed["kind"]) =>
    kind === "petition"
      ? store.petitions
      : kind === "session"
        ? store.sessions
        : store.receptionMisses;

  /**
   * Pays what the writer's entry may still owe: the changes of the views and misses it wrote, to
   * the figures documents that do not carry its mark (all of them, for an entry paid already).
   */
  async function payLeftOver(source: string) {
    if (paid.has(source)) return;
    const entry = await store.journal.findOne({ _id: source });
    if (entry) {
      const owed: FiguresChange[] = [];
      for (const kind of ["petition", "session", "miss"] as const) {
        const owes = entry.owes.filter((o) => o.kind === kind);
        const written = await writtenBy(
          collectionOf(kind) as never,
          owes.map((o) => o.id),
          entry.attempt,
        );
        for (const o of owes) if (written.has(o.id)) owed.push(...fromJournal(o.changes));
      }
      const figures = await deps.figures.applyOwed(owed, { source, entry: entry.attempt });
      if (figures.length > 0) deps.announce?.({ alerts: [], figures });
    }
    paid.add(source);
  }

  /** The plan of a fold: each view newer than the stored one, each new miss, with its changes. */
  async function plan(fold: Fold, source: string) {
    const calendar = deps.calendar();
    const id = crypto.randomUUID();
    const storedOf = async <V extends { _id: string }>(
      collection: { find(filter: object): { toArray(): Promise<V[]> } },
      ids: string[],
    ) =>
      new Map(
        ids.length === 0
          ? []
          : (await collection.find({ _id: { $in: ids } }).toArray()).map((v) => [v._id, v]),
      );
    const [petitions, sessions, misses] = await Promise.all([
      storedOf<PetitionView>(store.petitions, [...fold.petitions.keys()]),
      storedOf<SessionView>(store.sessions, [...fold.sessions.keys()]),
      storedOf(store.receptionMisses, [...fold.misses.keys()]),
    ]);
    const changesOf = (add: (changes: ReturnType<typeof createFiguresChanges>) => void) => {
      const changes = createFiguresChanges();
      add(changes);
      return toJournal(changes.list());
    };
    const newer = <V extends { _id: string; version: number }>(
      views: Iterable<V>,
      held: Map<string, V>,
    ) => [...views].filter((view) => (held.get(view._id)?.version ?? 0) < view.version);
    const owes: Owed[] = [];
    const petitionWrites: Planned<PetitionView>[] = newer(fold.petitions.values(), petitions).map(
      (after) => {
        const before = petitions.get(after._id);
        owes.push({
          kind: "petition",
          id: after._id,
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
        });
        return { view: { ...after, writtenBy: id }, replaces: before?.version ?? null };
      },
    );
    const sessionWrites: Planned<SessionView>[] = newer(fold.sessions.values(), sessions).map(
      (after) => {
        const before = sessions.get(after._id);
        owes.push({
          kind: "session",
          id: after._id,
          changes: changesOf((changes) => {
            if (before) {
              changes.add(before.unitCode, before.scheduledAt, sessionDelta(before.status, -1));
            }
            changes.add(after.unitCode, after.scheduledAt, sessionDelta(after.status, 1));
          }),
        });
        return { view: { ...after, writtenBy: id }, replaces: before?.version ?? null };
      },
    );
    const missWrites = [...fold.misses.values()]
      .filter((miss) => !misses.has(miss._id))
      .map((miss) => {
        // Counted in months, not in days.
        owes.push({
          kind: "miss",
          id: miss._id,
          changes: changesOf((changes) =>
            changes.add(miss.unitCode, monthInstant(miss.month), receptionMissDelta, true),
          ),
        });
        return { ...miss, writtenBy: id };
      });
    const entry: JournalEntry = { _id: source, attempt: id, owes };
    return { entry, petitionWrites, sessionWrites, missWrites };
  }

  /** Writes a plan's views and misses: what the figures are owed, and what others wrote. */
  async function write(planned: Awaited<ReturnType<typeof plan>>) {
    const changes = new Map(planned.entry.owes.map((o) => [`${o.kind}|${o.id}`, o.changes]));
    const owed: FiguresChange[] = [];
    const pay = (kind: Owed["kind"], id: string) =>
      owed.push(...fromJournal(changes.get(`${kind}|${id}`) ?? []));
    const [petitions, sessions, misses] = await Promise.all([
      Promise.all(planned.petitionWrites.map((p) => writePlanned(store.petitions, p))),
      Promise.all(planned.sessionWrites.map((p) => writePlanned(store.sessions, p))),
      writePlannedMisses(store.receptionMisses, planned.missWrites),
    ]);
    const conflicts = createFold();
    planned.petitionWrites.forEach(({ view }, i) => {
      if (petitions[i]) pay("petition", view._id);
      else conflicts.petitions.set(view._id, view);
    });
    planned.sessionWrites.forEach(({ view }, i) => {
      if (sessions[i]) pay("session", view._id);
      else conflicts.sessions.set(view._id, view);
    });
    planned.missWrites.forEach((miss, i) => {
      if (misses[i]) pay("miss", miss._id);
    });
    return { owed, conflicts };
  }

  /** `source`: the writer (a partition); one batch at a time each. */
  return async (envelopes: readonly DanvanEvent[], source = "default"): Promise<void> => {
    await payLeftOver(source);
    const fold = createFold();
    for (const envelope of envelopes) fold.add(envelope);

    // The change feed finds new alerts by when they were recorded here: the real clock.
    const alerts = [...fold.alerts.values()].map((alert) => ({ ...alert, recordedAt: Date.now() }));
    const repeated = await insertManyRefusingDuplicates(store.alerts, alerts);
    if (alerts.length > repeated.size) {
      deps.announce?.({ alerts: alerts.filter((_, i) => !repeated.has(i)), figures: [] });
    }

    let pending: Fold = fold;
    for (let round = 0; round < MAX_PLANS; round++) {
      const planned = await plan(pending, source);
      if (planned.entry.owes.length === 0) return;
      // Until this batch's figures are written, its entry may owe them: looked at again first.
      paid.delete(source);
      await store.journal.replaceOne({ _id: source }, planned.entry, { upsert: true });
      const { owed, conflicts } = await write(planned);
      const figures = await deps.figures.apply(owed, { source, entry: planned.entry.attempt });
      if (figures.length > 0) deps.announce?.({ alerts: [], figures });
      paid.add(source);
      // Views another writer changed meanwhile: planned again from what is stored now.
      if (conflicts.petitions.size + conflicts.sessions.size === 0) return;
      pending = conflicts;
    }
    throw new WriterBusyError(`${source}: its views kept changing under it`);
  };
}

import type { DanvanEvent } from "@danvan/contracts";
import { insertManyRefusingDuplicates, writeNewerSnapshots } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { contributionOf, petitionDelta, receptionMissDelta, sessionDelta } from "./figures.ts";
import type { FiguresWriter, WrittenFigures } from "./figures-writer.ts";
import { createFiguresChanges } from "./figures-writer.ts";
import { createFold, monthInstant } from "./records.ts";
import type { ReadModelStore, StoredAlert } from "./views.ts";

/** What a write of a batch landed that open dashboards are told of (new alerts, changed figures). */
export interface Written {
  alerts: StoredAlert[];
  figures: WrittenFigures[];
}

/**
 * The gateway group's handler, for a batch of consecutive events of a partition: folds them
 * (newest snapshot per aggregate, alerts and misses by id), writes each view that is newer than
 * the stored one, and adds the differences to the figures of each unit (units above sum them), one
 * `$inc` per figures document for the whole batch. A replay or a redelivery changes nothing.
 * (A crash between the views' writes and the figures' leaves the figures short of that batch:
 * `npm run rebuild` makes them whole — README, "Rebuild".) `announce` hears of each write as it
 * lands, so this replica's dashboards need not wait for the change feed's poll.
 */
export function createProjection(deps: {
  store: ReadModelStore;
  figures: FiguresWriter;
  calendar: () => WorkingDayCalendar;
  announce?: (written: Written) => void;
}) {
  const { store } = deps;
  return async (envelopes: readonly DanvanEvent[]): Promise<void> => {
    const fold = createFold();
    for (const envelope of envelopes) fold.add(envelope);
    const changes = createFiguresChanges();
    const calendar = deps.calendar();

    // The change feed finds new alerts by when they were recorded here: the real clock.
    const alerts = [...fold.alerts.values()].map((alert) => ({ ...alert, recordedAt: Date.now() }));
    const repeated = await insertManyRefusingDuplicates(store.alerts, alerts);
    if (alerts.length > repeated.size) {
      deps.announce?.({ alerts: alerts.filter((_, i) => !repeated.has(i)), figures: [] });
    }
    const misses = [...fold.misses.values()];
    const known = await insertManyRefusingDuplicates(store.receptionMisses, misses);
    misses.forEach((miss, i) => {
      // Counted in months, not in days.
      if (!known.has(i)) {
        changes.add(miss.unitCode, monthInstant(miss.month), receptionMissDelta, true);
      }
    });
    await writeNewerSnapshots(store.petitions, fold.petitions.values(), (before, after) => {
      changes.add(
        after.unitCode,
        after.receivedAt,
        petitionDelta(
          before ? contributionOf(before, calendar) : undefined,
          contributionOf(after, calendar),
        ),
      );
    });
    await writeNewerSnapshots(store.sessions, fold.sessions.values(), (before, after) => {
      if (before) changes.add(before.unitCode, before.scheduledAt, sessionDelta(before.status, -1));
      changes.add(after.unitCode, after.scheduledAt, sessionDelta(after.status, 1));
    });
    const figures = await deps.figures.apply(changes.list());
    if (figures.length > 0) deps.announce?.({ alerts: [], figures });
  };
}

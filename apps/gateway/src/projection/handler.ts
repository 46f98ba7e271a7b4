import type { ParsedEvent } from "@danvan/contracts";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { contributionOf, petitionDelta, receptionMissDelta, sessionDelta } from "./figures.ts";
import type { FiguresWriter } from "./figures-writer.ts";
import { monthInstant, recordsOf } from "./records.ts";
import type { PetitionView, ReadModelStore } from "./views.ts";

/**
 * The gateway group's handler: each event updates the read models idempotently (snapshots gated
 * by aggregate version, alerts and misses keyed by event or aggregate id) and, when it changed
 * them, adds its difference to the figures of its unit and the units above. A replay or a
 * redelivery changes nothing. (A crash between the view's write and the figures' leaves the
 * figures short of that change: `npm run rebuild` makes them whole — README, "Rebuild".)
 */
export function createProjection(deps: {
  store: ReadModelStore;
  figures: FiguresWriter;
  calendar: () => WorkingDayCalendar;
}) {
  const { store, figures } = deps;
  return async ({ envelope }: Pick<ParsedEvent, "envelope">): Promise<void> => {
    const records = recordsOf(envelope);
    if (records.kind === "petition") {
      const { view, alert } = records;
      if (alert) await store.insertAlert(alert);
      const before = (await store.petitions.findOne({ _id: view._id })) as PetitionView | null;
      if (before && before.version >= view.version) return;
      if ((await store.upsertPetition(view)) !== "applied") return;
      const calendar = deps.calendar();
      await figures.apply(
        view.unitCode,
        view.receivedAt,
        petitionDelta(
          before ? contributionOf(before, calendar) : undefined,
          contributionOf(view, calendar),
        ),
      );
    } else if (records.kind === "session") {
      const { view } = records;
      const before = await store.sessions.findOne({ _id: view._id });
      if (before && before.version >= view.version) return;
      if ((await store.upsertSession(view)) !== "applied") return;
      if (before) {
        await figures.apply(before.unitCode, before.scheduledAt, sessionDelta(before.status, -1));
      }
      await figures.apply(view.unitCode, view.scheduledAt, sessionDelta(view.status, 1));
    } else if (records.kind === "reception-miss") {
      const inserted = await store.insertReceptionMiss(records.miss);
      await store.insertAlert(records.alert);
      // Counted in months (and quarters, years), not in days.
      if (inserted) {
        await figures.apply(
          records.miss.unitCode,
          monthInstant(records.miss.month),
          receptionMissDelta,
          {
            months: true,
          },
        );
      }
    }
  };
}

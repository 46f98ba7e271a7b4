import type { ParsedEvent, PetitionSnapshot, SessionSnapshot } from "@danvan/contracts";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { contributionOf, petitionDelta, receptionMissDelta, sessionDelta } from "./figures.ts";
import type { FiguresWriter } from "./figures-writer.ts";
import type { PetitionView, ReadModelStore } from "./views.ts";

const PETITION = "vn.danvan.dialogues.petition.";
const SESSION = "vn.danvan.dialogues.session.";
const RECEPTION_MISSED = "vn.danvan.dialogues.reception-obligation.missed.v1";
const BECAME_OVERDUE = "vn.danvan.dialogues.petition.became-overdue.v1";

interface MissedData {
  holder: { id: string; name: string; position: string };
  level: string;
  unitCode: string;
  month: string;
  required: number;
  held: number;
}

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
    const type = envelope.type;
    if (type.startsWith(PETITION)) {
      const { id, ...snapshot } = (envelope.data as { petition: PetitionSnapshot }).petition;
      if (type === BECAME_OVERDUE) {
        await store.insertAlert({
          _id: envelope.id,
          kind: "petition-overdue",
          unitCode: snapshot.unitCode,
          at: envelope.time,
          subject: id,
          title: snapshot.reference,
        });
      }
      const before = (await store.petitions.findOne({ _id: id })) as PetitionView | null;
      if (before && before.version >= envelope.aggregateversion) return;
      const view: PetitionView = {
        _id: id,
        version: envelope.aggregateversion,
        ...snapshot,
        id,
        eventTime: envelope.time,
      };
      if ((await store.upsertPetition(view)) !== "applied") return;
      const calendar = deps.calendar();
      await figures.apply(
        snapshot.unitCode,
        snapshot.receivedAt,
        petitionDelta(
          before ? contributionOf(before, calendar) : undefined,
          contributionOf(view, calendar),
        ),
      );
      return;
    }
    if (type.startsWith(SESSION)) {
      const session = (envelope.data as { session: SessionSnapshot }).session;
      const before = await store.sessions.findOne({ _id: session.id });
      if (before && before.version >= envelope.aggregateversion) return;
      const outcome = await store.upsertSession({
        _id: session.id,
        version: envelope.aggregateversion,
        unitCode: session.unitCode,
        kind: session.kind,
        status: session.status,
        scheduledAt: session.scheduledAt,
        ...(session.heldAt ? { heldAt: session.heldAt } : {}),
        title: session.title,
        eventTime: envelope.time,
      });
      if (outcome !== "applied") return;
      if (before)
        await figures.apply(before.unitCode, before.scheduledAt, sessionDelta(before.status, -1));
      await figures.apply(session.unitCode, session.scheduledAt, sessionDelta(session.status, 1));
      return;
    }
    if (type === RECEPTION_MISSED) {
      const data = envelope.data as MissedData;
      const inserted = await store.insertReceptionMiss({
        _id: envelope.subject,
        unitCode: data.unitCode,
        level: data.level,
        holder: data.holder,
        month: data.month,
        required: data.required,
        held: data.held,
        eventTime: envelope.time,
      });
      await store.insertAlert({
        _id: envelope.id,
        kind: "reception-missed",
        unitCode: data.unitCode,
        at: envelope.time,
        subject: data.holder.id,
        title: `${data.holder.name} (${data.holder.position}) — ${data.month}: ${data.held}/${data.required}`,
      });
      // The 15th of the month: inside its month in any time zone. Counted in months, not days.
      if (inserted) {
        await figures.apply(data.unitCode, `${data.month}-15T00:00:00.000Z`, receptionMissDelta, {
          months: true,
        });
      }
    }
  };
}

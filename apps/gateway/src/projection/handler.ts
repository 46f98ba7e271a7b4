import type { ParsedEvent, PetitionSnapshot, SessionSnapshot } from "@danvan/contracts";
import type { FiguresUpdater } from "./figures-updater.ts";
import type { ReadModelStore } from "./views.ts";

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
 * by aggregate version, alerts and misses keyed by event or aggregate id), so replays and
 * redeliveries change nothing, and marks the figures it touches as due.
 */
export function createProjection(deps: { store: ReadModelStore; figures: FiguresUpdater }) {
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
      const outcome = await store.upsertPetition({
        _id: id,
        version: envelope.aggregateversion,
        ...snapshot,
        id,
        eventTime: envelope.time,
      });
      if (outcome === "applied") figures.mark(snapshot.unitCode, snapshot.receivedAt);
      return;
    }
    if (type.startsWith(SESSION)) {
      const session = (envelope.data as { session: SessionSnapshot }).session;
      const before = await store.sessions.findOne(
        { _id: session.id },
        { projection: { scheduledAt: 1 } },
      );
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
      figures.mark(session.unitCode, session.scheduledAt);
      // A postponed session leaves its old period too.
      if (before && before.scheduledAt !== session.scheduledAt) {
        figures.mark(session.unitCode, before.scheduledAt);
      }
      return;
    }
    if (type === RECEPTION_MISSED) {
      const data = envelope.data as MissedData;
      await store.insertReceptionMiss({
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
      // The 15th of the month: inside its month in any time zone.
      figures.mark(data.unitCode, `${data.month}-15T00:00:00.000Z`);
    }
  };
}

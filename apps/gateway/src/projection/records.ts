import type { Envelope, PetitionSnapshot, SessionSnapshot } from "@danvan/contracts";
import type { Alert, PetitionView, ReceptionMiss, SessionView } from "./views.ts";

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

/** What an event puts into the read models; the live handler and the rebuild both read it here. */
export type Records =
  | { kind: "petition"; view: PetitionView; alert?: Alert }
  | { kind: "session"; view: SessionView }
  | { kind: "reception-miss"; miss: ReceptionMiss; alert: Alert }
  | { kind: "none" };

export function recordsOf(envelope: Envelope): Records {
  const type = envelope.type;
  if (type.startsWith(PETITION)) {
    const snapshot = (envelope.data as { petition: PetitionSnapshot }).petition;
    const view: PetitionView = {
      ...snapshot,
      _id: snapshot.id,
      version: envelope.aggregateversion,
      eventTime: envelope.time,
    };
    if (type !== BECAME_OVERDUE) return { kind: "petition", view };
    return {
      kind: "petition",
      view,
      alert: {
        _id: envelope.id,
        kind: "petition-overdue",
        unitCode: snapshot.unitCode,
        at: envelope.time,
        subject: snapshot.id,
        title: snapshot.reference,
      },
    };
  }
  if (type.startsWith(SESSION)) {
    const s = (envelope.data as { session: SessionSnapshot }).session;
    return {
      kind: "session",
      view: {
        _id: s.id,
        version: envelope.aggregateversion,
        unitCode: s.unitCode,
        kind: s.kind,
        status: s.status,
        scheduledAt: s.scheduledAt,
        ...(s.heldAt ? { heldAt: s.heldAt } : {}),
        title: s.title,
        eventTime: envelope.time,
      },
    };
  }
  if (type === RECEPTION_MISSED) {
    const d = envelope.data as MissedData;
    return {
      kind: "reception-miss",
      miss: {
        _id: envelope.subject,
        unitCode: d.unitCode,
        level: d.level,
        holder: d.holder,
        month: d.month,
        required: d.required,
        held: d.held,
        eventTime: envelope.time,
      },
      alert: {
        _id: envelope.id,
        kind: "reception-missed",
        unitCode: d.unitCode,
        at: envelope.time,
        subject: d.holder.id,
        title: `${d.holder.name} (${d.holder.position}) — ${d.month}: ${d.held}/${d.required}`,
      },
    };
  }
  return { kind: "none" };
}

/**
 * What a run of events leaves in the read models, folded in memory: the newest snapshot of each
 * aggregate, each miss and alert once. The live handler folds each batch before writing it; the
 * rebuild folds everything.
 */
export function createFold() {
  const petitions = new Map<string, PetitionView>();
  const sessions = new Map<string, SessionView>();
  const misses = new Map<string, ReceptionMiss>();
  const alerts = new Map<string, Alert>();
  const newest = <T extends { _id: string; version: number }>(into: Map<string, T>, view: T) => {
    const held = into.get(view._id);
    if (!held || held.version < view.version) into.set(view._id, view);
  };
  return {
    petitions,
    sessions,
    misses,
    alerts,
    add(envelope: Envelope) {
      const records = recordsOf(envelope);
      if (records.kind === "petition") {
        if (records.alert) alerts.set(records.alert._id, records.alert);
        newest(petitions, records.view);
      } else if (records.kind === "session") {
        newest(sessions, records.view);
      } else if (records.kind === "reception-miss") {
        misses.set(records.miss._id, records.miss);
        alerts.set(records.alert._id, records.alert);
      }
    },
  };
}

export type Fold = ReturnType<typeof createFold>;

/** A miss belongs to its month: the 15th is inside it in any time zone. */
export const monthInstant = (month: string) => `${month}-15T00:00:00.000Z`;

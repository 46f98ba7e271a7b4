import type { ServiceEvent } from "@danvan/contracts";
import { unhandledEvent } from "@danvan/contracts";
import type { Records } from "./records.ts";

/**
 * What the dialogues service's events put into the read models. The switch names every event
 * type the service publishes: a new one that is not handled here fails to compile.
 */
export function dialoguesRecords(event: ServiceEvent<"dialogues">): Records {
  switch (event.type) {
    case "vn.danvan.dialogues.petition.received.v1":
    case "vn.danvan.dialogues.petition.acknowledged.v1":
    case "vn.danvan.dialogues.petition.classified.v1":
    case "vn.danvan.dialogues.petition.assigned.v1":
    case "vn.danvan.dialogues.petition.reassigned.v1":
    case "vn.danvan.dialogues.petition.work-started.v1":
    case "vn.danvan.dialogues.petition.forwarded.v1":
    case "vn.danvan.dialogues.petition.rejected.v1":
    case "vn.danvan.dialogues.petition.marked-duplicate.v1":
    case "vn.danvan.dialogues.petition.withdrawn.v1":
    case "vn.danvan.dialogues.petition.put-on-hold.v1":
    case "vn.danvan.dialogues.petition.resumed.v1":
    case "vn.danvan.dialogues.petition.extension-requested.v1":
    case "vn.danvan.dialogues.petition.deadline-extended.v1":
    case "vn.danvan.dialogues.petition.extension-denied.v1":
    case "vn.danvan.dialogues.petition.answer-drafted.v1":
    case "vn.danvan.dialogues.petition.answer-approved.v1":
    case "vn.danvan.dialogues.petition.response-published.v1":
    case "vn.danvan.dialogues.petition.resolved.v1":
    case "vn.danvan.dialogues.petition.closed-unresolved.v1":
    case "vn.danvan.dialogues.petition.reopened.v1":
    case "vn.danvan.dialogues.petition.rated.v1":
    case "vn.danvan.dialogues.petition.due-soon.v1":
    case "vn.danvan.dialogues.petition.deadline-recomputed.v1":
    case "vn.danvan.dialogues.petition.petitioner-erased.v1":
      return { kind: "petition", view: petitionView(event) };
    case "vn.danvan.dialogues.petition.became-overdue.v1": {
      const view = petitionView(event);
      return {
        kind: "petition",
        view,
        alert: {
          _id: event.id,
          kind: "petition-overdue",
          unitCode: view.unitCode,
          at: event.time,
          subject: view.id,
          title: view.reference,
        },
      };
    }
    case "vn.danvan.dialogues.session.scheduled.v1":
    case "vn.danvan.dialogues.session.announced.v1":
    case "vn.danvan.dialogues.session.postponed.v1":
    case "vn.danvan.dialogues.session.held.v1":
    case "vn.danvan.dialogues.session.minutes-published.v1":
    case "vn.danvan.dialogues.session.closed.v1":
    case "vn.danvan.dialogues.session.cancelled.v1": {
      const s = event.data.session;
      return {
        kind: "session",
        view: {
          _id: s.id,
          version: event.aggregateversion,
          unitCode: s.unitCode,
          kind: s.kind,
          status: s.status,
          scheduledAt: s.scheduledAt,
          ...(s.heldAt ? { heldAt: s.heldAt } : {}),
          title: s.title,
          eventTime: event.time,
        },
      };
    }
    case "vn.danvan.dialogues.reception-obligation.missed.v1": {
      const d = event.data;
      return {
        kind: "reception-miss",
        miss: {
          _id: event.subject,
          unitCode: d.unitCode,
          level: d.level,
          holder: d.holder,
          month: d.month,
          required: d.required,
          held: d.held,
          eventTime: event.time,
        },
        alert: {
          _id: event.id,
          kind: "reception-missed",
          unitCode: d.unitCode,
          at: event.time,
          subject: d.holder.id,
          title: `${d.holder.name} (${d.holder.position}) — ${d.month}: ${d.held}/${d.required}`,
        },
      };
    }
    default:
      return unhandledEvent(event);
  }
}

type PetitionEvent = Extract<
  ServiceEvent<"dialogues">,
  { type: `vn.danvan.dialogues.petition.${string}` }
>;

function petitionView(event: PetitionEvent) {
  const snapshot = event.data.petition;
  return {
    ...snapshot,
    _id: snapshot.id,
    version: event.aggregateversion,
    eventTime: event.time,
  };
}

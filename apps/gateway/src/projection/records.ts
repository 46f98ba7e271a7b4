import type { DanvanEvent } from "@danvan/contracts";
import { domainTopics } from "@danvan/contracts";
import { dialoguesRecords } from "./dialogues.ts";
import type { Alert, PetitionView, ReceptionMiss, SessionView } from "./views.ts";

/** What an event puts into the read models; the live handler and the rebuild both read it here. */
export type Records =
  | { kind: "petition"; view: PetitionView; alert?: Alert }
  | { kind: "session"; view: SessionView }
  | { kind: "reception-miss"; miss: ReceptionMiss; alert: Alert };

/**
 * One projection module per service that publishes events, each an exhaustive switch over its
 * own event types. The table must name every source of the event union: a new service's events
 * fail to compile here until its module is added.
 */
const projections: {
  [Source in DanvanEvent["source"]]: (event: Extract<DanvanEvent, { source: Source }>) => Records;
} = {
  "/dialogues": dialoguesRecords,
};

/** The domain topics of every service projected here: what the gateway group and a rebuild read. */
export const projectedTopics = domainTopics
  .map((topic) => topic.name)
  .filter((name) => `/${name.split(".")[0]}` in projections);

export function recordsOf(event: DanvanEvent): Records {
  // A union of sources cannot call a union of functions; the table's type pairs them up.
  const project = projections[event.source] as (event: DanvanEvent) => Records;
  return project(event);
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
    add(event: DanvanEvent) {
      const records = recordsOf(event);
      if (records.kind === "petition") {
        if (records.alert) alerts.set(records.alert._id, records.alert);
        newest(petitions, records.view);
      } else if (records.kind === "session") {
        newest(sessions, records.view);
      } else {
        misses.set(records.miss._id, records.miss);
        alerts.set(records.alert._id, records.alert);
      }
    },
  };
}

export type Fold = ReturnType<typeof createFold>;

/** A miss belongs to its month: the 15th is inside it in any time zone. */
export const monthInstant = (month: string) => `${month}-15T00:00:00.000Z`;

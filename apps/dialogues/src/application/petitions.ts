import { type PetitionSnapshot, petitionEvents } from "@danvan/contracts";
import type { PetitionFacts } from "@danvan/metrics";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { localDateOf } from "@danvan/vietnam/calendar";
import { searchTokens, vietnameseSortKey } from "@danvan/vietnam/text";
import type { PetitionQuery, PetitionState, PetitionStore } from "../data/petitions.ts";
import { listPetitions, petitionFacts } from "../data/petitions.ts";
import type {
  DecisionContext,
  Petition,
  PetitionCommand,
  PetitionEvent,
} from "../domain/petition/index.ts";
import { decide, runningDeadline } from "../domain/petition/index.ts";
import type { CommandMeta, TimelineEntry } from "./events.ts";
import { changeAggregate, pendingEvents, timelineOf, withTimeline } from "./events.ts";

export interface PetitionService {
  receive(
    command: Omit<Extract<PetitionCommand, { type: "receive" }>, "type" | "reference">,
    meta: CommandMeta,
  ): Promise<{ petition: Petition; version: number }>;
  apply(
    id: string,
    command: Exclude<PetitionCommand, { type: "receive" }>,
    meta: CommandMeta,
    /** Checked on the loaded petition before anything is decided; throws to refuse. */
    guard?: (current: Petition) => void,
  ): Promise<{ petition: Petition; version: number }>;
  get(
    id: string,
  ): Promise<{ petition: Petition; version: number; timeline: TimelineEntry[] } | null>;
  list(query: PetitionQuery): Promise<{ total: number; items: Record<string, unknown>[] }>;
  /** What the shared metrics need, for the petitions a filter selects. */
  facts(query: Omit<PetitionQuery, "sort" | "offset" | "limit">): Promise<PetitionFacts[]>;
  /** The working-day calendar in force. */
  calendar(): WorkingDayCalendar;
}

/** The snapshot events carry: the petition minus the petitioner's personal data. */
export function snapshotOf(petition: Petition): PetitionSnapshot {
  const {
    petitioner,
    content: _content,
    answer: _answer,
    extension: _extension,
    reason: _reason,
    forwardedTo: _f,
    duplicateOf: _d,
    ...rest
  } = petition;
  return { ...rest, anonymous: petitioner.anonymous } as PetitionSnapshot;
}

function toPetition(id: string, state: PetitionState): Petition {
  const {
    searchTokens: _tokens,
    petitionerSortKey: _key,
    runningDeadlineDueAt: _due,
    timeline: _timeline,
    ...rest
  } = state;
  return { ...(rest as Omit<Petition, "id">), id };
}

/**
 * What is stored: the petition plus its folded search tokens, the petitioner's name as a
 * Vietnamese sort key (DOMAIN.md "Vietnamese text"; the database has no collation), and the
 * deadline while its clock runs — what the deadline sweep looks up (data/petitions.ts).
 */
function toState(petition: Petition): PetitionState {
  const { id: _id, ...state } = petition;
  const searchable = [petition.reference, petition.content, ...petition.topics].join(" ");
  const name = petition.petitioner.name;
  const due = runningDeadline(petition);
  return {
    ...state,
    searchTokens: searchTokens(searchable),
    ...(name ? { petitionerSortKey: vietnameseSortKey(name) } : {}),
    ...(due ? { runningDeadlineDueAt: due } : {}),
  } as PetitionState;
}

/**
 * The petition use cases: load, decide (pure), turn facts into contract events with the snapshot
 * after the change, and write state and events in one version-guarded write.
 */
export function createPetitionService(options: {
  store: PetitionStore;
  context: () => DecisionContext;
  /** Prepended to topic names (tests keep files apart with it); empty in production. */
  topicPrefix?: string;
}): PetitionService {
  const { store } = options;

  const envelopes = (
    petition: Petition,
    facts: PetitionEvent[],
    fromVersion: number,
    meta: CommandMeta,
    ctx: DecisionContext,
  ) =>
    pendingEvents({
      facts,
      definitions: petitionEvents,
      subject: petition.id,
      unitCode: petition.unitCode,
      fromVersion,
      snapshotKey: "petition",
      snapshot: snapshotOf(petition),
      meta,
      time: ctx.now,
      topicPrefix: options.topicPrefix,
    });

  return {
    async receive(input, meta) {
      const ctx = options.context();
      const reference = await store.nextReference(
        input.unitCode,
        Number(localDateOf(ctx.now).slice(0, 4)),
      );
      const { petition, events } = decide(null, { type: "receive", ...input, reference }, ctx);
      const pending = envelopes(petition, events, 0, meta, ctx);
      const version = await store.repository.create(
        petition.id,
        withTimeline(toState(petition), null, pending, meta.actor),
        pending,
      );
      return { petition, version };
    },
    async apply(id, command, meta, guard) {
      const ctx = options.context();
      const { aggregate, version } = await changeAggregate({
        repository: store.repository,
        id,
        meta,
        guard,
        notFound: () => new PetitionNotFoundError(id),
        fromState: toPetition,
        toState,
        decide: (current) => {
          const { petition, events } = decide(current, command, ctx);
          return { aggregate: petition, facts: events };
        },
        events: (petition, facts, fromVersion) =>
          envelopes(petition, facts as PetitionEvent[], fromVersion, meta, ctx),
      });
      return { petition: aggregate, version };
    },
    async get(id) {
      const loaded = await store.repository.get(id);
      return loaded
        ? {
            petition: toPetition(id, loaded.state),
            version: loaded.version,
            timeline: timelineOf(loaded.state),
          }
        : null;
    },
    list: (query) => listPetitions(store.collection, query),
    facts: (query) => petitionFacts(store.collection, query),
    calendar: () => options.context().calendar,
  };
}

export class PetitionNotFoundError extends Error {
  override readonly name = "PetitionNotFoundError";
  constructor(id: string) {
    super(`petition ${id} does not exist`);
  }
}

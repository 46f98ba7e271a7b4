import { sessionEvents } from "@danvan/contracts";
import { searchTokens, vietnameseSortKey } from "@danvan/vietnam/text";
import type { PetitionStore } from "../data/petitions.ts";
import type { SessionQuery, SessionState, SessionStore } from "../data/sessions.ts";
import { listSessions } from "../data/sessions.ts";
import { OPEN } from "../domain/petition/index.ts";
import type { Session, SessionCommand } from "../domain/session/index.ts";
import { decideSession } from "../domain/session/index.ts";
import type { CommandMeta, TimelineEntry } from "./events.ts";
import { changeAggregate, pendingEvents, timelineOf, withTimeline } from "./events.ts";

/** A session's petitions as DOMAIN.md scenario 5 shows them: answered and still pending. */
export interface SessionPetitionCounts {
  total: number;
  answered: number;
  pending: number;
}

const ANSWERED = ["answered", "resolved", "closed_unresolved"];

export interface SessionService {
  schedule(
    command: Omit<Extract<SessionCommand, { type: "schedule" }>, "type">,
    meta: CommandMeta,
  ): Promise<{ session: Session; version: number }>;
  apply(
    id: string,
    command: Exclude<SessionCommand, { type: "schedule" }>,
    meta: CommandMeta,
    /** Checked on the loaded session before anything is decided; throws to refuse. */
    guard?: (current: Session) => void,
  ): Promise<{ session: Session; version: number }>;
  get(id: string): Promise<SessionWithCounts | null>;
  /** The session's timeline, without the petition counts `get` adds up. */
  timeline(id: string): Promise<{ version: number; entries: TimelineEntry[] } | null>;
  list(query: SessionQuery): Promise<{ total: number; items: SessionWithCounts[] }>;
}

export interface SessionWithCounts {
  session: Session;
  version: number;
  petitions: SessionPetitionCounts;
}

export class SessionNotFoundError extends Error {
  override readonly name = "SessionNotFoundError";
  constructor(id: string) {
    super(`session ${id} does not exist`);
  }
}

/** What is stored: the session plus its search tokens and the chair's name as a sort key. */
const toState = ({ id: _id, ...state }: Session): SessionState => ({
  ...state,
  searchTokens: searchTokens([state.title, state.chair.name, state.place].join(" ")),
  chairSortKey: vietnameseSortKey(state.chair.name),
});
const toSession = (id: string, state: SessionState): Session => {
  const { searchTokens: _tokens, chairSortKey: _key, timeline: _timeline, ...session } = state;
  return { ...(session as Omit<Session, "id">), id };
};

function countsOf(byStatus: Record<string, number> = {}): SessionPetitionCounts {
  const sum = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (byStatus[s] ?? 0), 0);
  return {
    total: Object.values(byStatus).reduce((n, c) => n + c, 0),
    answered: sum(ANSWERED),
    pending: sum(OPEN),
  };
}
const snapshotOf = ({ minutes: _minutes, reason: _reason, ...rest }: Session) => rest;

export function createSessionService(options: {
  store: SessionStore;
  petitions: PetitionStore;
  now: () => Date;
  topicPrefix?: string;
}): SessionService {
  const { store } = options;
  const events = (
    session: Session,
    facts: ReturnType<typeof decideSession>["facts"],
    fromVersion: number,
    meta: CommandMeta,
    time: Date,
  ) =>
    pendingEvents({
      facts,
      definitions: sessionEvents,
      subject: session.id,
      unitCode: session.unitCode,
      fromVersion,
      snapshotKey: "session",
      snapshot: snapshotOf(session),
      meta,
      time,
      topicPrefix: options.topicPrefix,
    });
  return {
    async schedule(input, meta) {
      const now = options.now();
      const { session, facts } = decideSession(null, { type: "schedule", ...input }, now);
      const pending = events(session, facts, 0, meta, now);
      const version = await store.repository.create(
        session.id,
        withTimeline(toState(session), null, pending, meta.actor),
        pending,
      );
      return { session, version };
    },
    async apply(id, command, meta, guard) {
      const now = options.now();
      const { aggregate, version } = await changeAggregate({
        repository: store.repository,
        id,
        meta,
        guard,
        notFound: () => new SessionNotFoundError(id),
        fromState: toSession,
        toState,
        decide: (current) => {
          const { session, facts } = decideSession(current, command, now);
          return { aggregate: session, facts };
        },
        events: (session, facts, fromVersion) =>
          events(
            session,
            facts as ReturnType<typeof decideSession>["facts"],
            fromVersion,
            meta,
            now,
          ),
      });
      return { session: aggregate, version };
    },
    async get(id) {
      const loaded = await store.repository.get(id);
      if (!loaded) return null;
      const counts = await options.petitions.countBySessions([id]);
      return {
        session: toSession(id, loaded.state),
        version: loaded.version,
        petitions: countsOf(counts.get(id)),
      };
    },
    async timeline(id) {
      const loaded = await store.repository.get(id);
      return loaded ? { version: loaded.version, entries: timelineOf(loaded.state) } : null;
    },
    async list(query) {
      const { total, items } = await listSessions(store.collection, query);
      const counts = await options.petitions.countBySessions(items.map((s) => s.id));
      return {
        total,
        items: items.map(({ id, version, ...state }) => ({
          session: toSession(id, state as SessionState),
          version,
          petitions: countsOf(counts.get(id)),
        })),
      };
    },
  };
}

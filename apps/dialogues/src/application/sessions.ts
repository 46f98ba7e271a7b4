import { sessionEvents } from "@danvan/contracts";
import { ConcurrencyConflictError } from "@danvan/platform/mongo";
import type { PetitionStore } from "../data/petitions.ts";
import type { SessionState, SessionStore } from "../data/sessions.ts";
import { OPEN } from "../domain/petition/index.ts";
import type { Session, SessionCommand } from "../domain/session/index.ts";
import { decideSession } from "../domain/session/index.ts";
import type { CommandMeta } from "./events.ts";
import { pendingEvents } from "./events.ts";

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
  ): Promise<{ session: Session; version: number }>;
  get(
    id: string,
  ): Promise<{ session: Session; version: number; petitions: SessionPetitionCounts } | null>;
}

export class SessionNotFoundError extends Error {
  override readonly name = "SessionNotFoundError";
  constructor(id: string) {
    super(`session ${id} does not exist`);
  }
}

const toState = ({ id: _id, ...state }: Session) => state as SessionState;
const toSession = (id: string, state: SessionState): Session => ({
  ...(state as Omit<Session, "id">),
  id,
});
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
      const version = await store.repository.create(
        session.id,
        toState(session),
        events(session, facts, 0, meta, now),
      );
      return { session, version };
    },
    async apply(id, command, meta) {
      const loaded = await store.repository.get(id);
      if (!loaded) throw new SessionNotFoundError(id);
      if (meta.expectedVersion !== undefined && meta.expectedVersion !== loaded.version) {
        throw new ConcurrencyConflictError(id, meta.expectedVersion, loaded.version);
      }
      const now = options.now();
      const { session, facts } = decideSession(toSession(id, loaded.state), command, now);
      const version = await store.repository.update(
        id,
        loaded.version,
        toState(session),
        events(session, facts, loaded.version, meta, now),
      );
      return { session, version };
    },
    async get(id) {
      const loaded = await store.repository.get(id);
      if (!loaded) return null;
      const counts = await options.petitions.countBySession(id);
      const sum = (statuses: readonly string[]) =>
        statuses.reduce((n, s) => n + (counts[s] ?? 0), 0);
      return {
        session: toSession(id, loaded.state),
        version: loaded.version,
        petitions: {
          total: Object.values(counts).reduce((n, c) => n + c, 0),
          answered: sum(ANSWERED),
          pending: sum(OPEN),
        },
      };
    },
  };
}

import type { AggregateStore } from "@danvan/platform/aggregate";
import type { PetitionQueries } from "../data/petitions.ts";
import type { SessionQueries, SessionQuery } from "../data/sessions.ts";
import { OPEN } from "../domain/petition/index.ts";
import type { Session, SessionCommand } from "../domain/session/index.ts";

export type SessionStore = AggregateStore<Session, SessionCommand>;

/** A session's petitions as docs/domain.md scenario 5 shows them: answered and still pending. */
export interface SessionPetitionCounts {
  total: number;
  answered: number;
  pending: number;
}

export interface SessionWithCounts {
  session: Session;
  version: number;
  petitions: SessionPetitionCounts;
}

const ANSWERED = ["answered", "resolved", "closed_unresolved"];

function countsOf(byStatus: Record<string, number> = {}): SessionPetitionCounts {
  const sum = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (byStatus[s] ?? 0), 0);
  return {
    total: Object.values(byStatus).reduce((n, c) => n + c, 0),
    answered: sum(ANSWERED),
    pending: sum(OPEN),
  };
}

/** Sessions as people read them: each with how many of its petitions are answered and pending. */
export function createSessionReadings(deps: {
  sessions: SessionStore;
  queries: SessionQueries;
  petitions: Pick<PetitionQueries, "countBySessions">;
}) {
  return {
    async get(id: string): Promise<SessionWithCounts | null> {
      const loaded = await deps.sessions.load(id);
      if (!loaded) return null;
      const counts = await deps.petitions.countBySessions([id]);
      return {
        session: loaded.state,
        version: loaded.version,
        petitions: countsOf(counts.get(id)),
      };
    },
    async list(query: SessionQuery): Promise<{ total: number; items: SessionWithCounts[] }> {
      const { total, items } = await deps.queries.list(query);
      const counts = await deps.petitions.countBySessions(items.map((s) => s.id));
      return {
        total,
        items: items.map((item) => ({
          session: deps.sessions.stateOf(item),
          version: item.version,
          petitions: countsOf(counts.get(item.id)),
        })),
      };
    },
  };
}

export type SessionReadings = ReturnType<typeof createSessionReadings>;

import { sessionEvents } from "@danvan/contracts";
import { defineAggregate } from "@danvan/platform/aggregate";
import type { AggregateDocument, Database } from "@danvan/platform/mongo";
import { findPage, tokenPrefixClauses } from "@danvan/platform/mongo";
import { searchTokens, vietnameseSortKey } from "@danvan/vietnam/text";
import type { Session, SessionCommand, SessionFact } from "../domain/session/index.ts";
import { decideSession } from "../domain/session/index.ts";

/**
 * Sessions as the kit stores them; beside the state, the folded words of the title, chair and
 * place, and the chair's name as a Vietnamese sort key. Events carry the session without its
 * minutes and reasons (long texts that live here).
 */
export const sessionAggregate = defineAggregate<
  Session,
  SessionCommand,
  { now: Date },
  SessionFact
>({
  name: "session",
  collection: "sessions",
  events: sessionEvents,
  decide: decideSession,
  unitCode: (session) => session.unitCode,
  snapshot: ({ minutes: _minutes, reason: _reason, ...rest }) => rest,
  queryFields: {
    names: ["searchTokens", "chairSortKey"],
    of: (session) => ({
      searchTokens: searchTokens([session.title, session.chair.name, session.place].join(" ")),
      chairSortKey: vietnameseSortKey(session.chair.name),
    }),
  },
});

export const sessionSorts = ["scheduledAt", "-scheduledAt", "chair", "-chair"] as const;
export type SessionSort = (typeof sessionSorts)[number];

export interface SessionQuery {
  unitCode?: string;
  level?: string;
  kind?: string;
  statuses?: readonly string[];
  scheduledFrom?: string;
  scheduledTo?: string;
  /** Folded query tokens: every one must begin a stored token. */
  tokens?: string[];
  sort: SessionSort;
  offset: number;
  limit: number;
}

function sessionFilter(query: SessionQuery): Record<string, unknown> {
  const and: Record<string, unknown>[] = [];
  if (query.unitCode) and.push({ unitCode: query.unitCode });
  if (query.level) and.push({ level: query.level });
  if (query.kind) and.push({ kind: query.kind });
  if (query.statuses) and.push({ status: { $in: query.statuses } });
  if (query.scheduledFrom) and.push({ scheduledAt: { $gte: query.scheduledFrom } });
  if (query.scheduledTo) and.push({ scheduledAt: { $lte: query.scheduledTo } });
  and.push(...tokenPrefixClauses(query.tokens ?? []));
  return and.length > 0 ? { $and: and } : {};
}

const SORTS: Record<SessionSort, Record<string, 1 | -1>> = {
  scheduledAt: { scheduledAt: 1, _id: 1 },
  "-scheduledAt": { scheduledAt: -1, _id: 1 },
  chair: { chairSortKey: 1, scheduledAt: 1, _id: 1 },
  "-chair": { chairSortKey: -1, scheduledAt: 1, _id: 1 },
};

/** The sessions collection's list query beside the kit's commands, and its indexes. */
export async function createSessionQueries(database: Database, hidden: readonly string[]) {
  const collection = database.collection<AggregateDocument>(sessionAggregate.collection);
  await collection.createIndex({ unitCode: 1, scheduledAt: 1 }, { name: "unit_schedule" });
  await collection.createIndex({ scheduledAt: 1 }, { name: "schedule" });
  await collection.createIndex({ chairSortKey: 1 }, { name: "chair_name" });
  await collection.createIndex({ searchTokens: 1 }, { name: "search_tokens" });
  return {
    /** A page of sessions as stored, without outbox, timeline and query fields. */
    list: (query: SessionQuery) =>
      findPage(collection, {
        filter: sessionFilter(query),
        sort: SORTS[query.sort],
        offset: query.offset,
        limit: query.limit,
        hide: hidden,
      }),
  };
}

export type SessionQueries = Awaited<ReturnType<typeof createSessionQueries>>;

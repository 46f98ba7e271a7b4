import type {
  AggregateDocument,
  AggregateRepository,
  Collection,
  Database,
} from "@danvan/platform/mongo";
import {
  createAggregateRepository,
  ensureOutboxIndex,
  findPage,
  tokenPrefixClauses,
} from "@danvan/platform/mongo";
import type { Session } from "../domain/session/index.ts";

export type SessionState = Omit<Session, "id"> & Record<string, unknown>;

export interface SessionStore {
  repository: AggregateRepository<SessionState>;
  collection: Collection<AggregateDocument>;
}

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

export async function createSessionStore(
  database: Database,
  /** Called after each write with the collection written (wakes the outbox relay). */
  onWrite: (collectionName: string) => void,
): Promise<SessionStore> {
  const collection = database.collection<AggregateDocument>("sessions");
  await ensureOutboxIndex(collection);
  await collection.createIndex({ unitCode: 1, scheduledAt: 1 }, { name: "unit_schedule" });
  await collection.createIndex({ scheduledAt: 1 }, { name: "schedule" });
  await collection.createIndex({ chairSortKey: 1 }, { name: "chair_name" });
  await collection.createIndex({ searchTokens: 1 }, { name: "search_tokens" });
  return {
    repository: createAggregateRepository<SessionState>(collection, { onWrite }),
    collection,
  };
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

/** A page of sessions as stored, without outbox, timeline and derived keys. */
export function listSessions(collection: Collection<AggregateDocument>, query: SessionQuery) {
  return findPage(collection, {
    filter: sessionFilter(query),
    sort: SORTS[query.sort],
    offset: query.offset,
    limit: query.limit,
    hide: ["searchTokens", "chairSortKey", "timeline"],
  });
}

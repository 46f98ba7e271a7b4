import type {
  AggregateDocument,
  AggregateRepository,
  Collection,
  Database,
} from "@danvan/platform/mongo";
import { createAggregateRepository, ensureOutboxIndex } from "@danvan/platform/mongo";
import type { Session } from "../domain/session/index.ts";

export type SessionState = Omit<Session, "id"> & Record<string, unknown>;

export interface SessionStore {
  repository: AggregateRepository<SessionState>;
  collection: Collection<AggregateDocument>;
}

export async function createSessionStore(
  database: Database,
  onWrite: () => void,
): Promise<SessionStore> {
  const collection = database.collection<AggregateDocument>("sessions");
  await ensureOutboxIndex(collection);
  await collection.createIndex({ unitCode: 1, scheduledAt: 1 }, { name: "unit_schedule" });
  return {
    repository: createAggregateRepository<SessionState>(collection, { onWrite }),
    collection,
  };
}

import type {
  AggregateDocument,
  AggregateRepository,
  Collection,
  Database,
} from "@danvan/platform/mongo";
import { createAggregateRepository, ensureOutboxIndex } from "@danvan/platform/mongo";
import type { Petition } from "../domain/petition/index.ts";

export type PetitionState = Omit<Petition, "id"> & Record<string, unknown>;

export interface PetitionStore {
  repository: AggregateRepository<PetitionState>;
  collection: Collection<AggregateDocument>;
  /** The next number of a unit's yearly reference sequence (KN-<unit>-<year>-<seq>). */
  nextReference(unitCode: string, year: number): Promise<string>;
  /** How many of a session's petitions are in each status. */
  countBySession(sessionId: string): Promise<Record<string, number>>;
  /** Running deadlines not yet flagged overdue that ended before `now`, oldest first. */
  overdueCandidates(now: Date, limit: number): Promise<string[]>;
  /** Running deadlines not yet flagged due soon that end before `until`, oldest first. */
  dueSoonCandidates(until: string, limit: number): Promise<string[]>;
}

interface Counter {
  _id: string;
  seq: number;
}

export async function createPetitionStore(
  database: Database,
  onWrite: () => void,
): Promise<PetitionStore> {
  const collection = database.collection<AggregateDocument>("petitions");
  const counters = database.collection<Counter>("counters");
  await ensureOutboxIndex(collection);
  await collection.createIndex({ reference: 1 }, { unique: true, name: "reference" });
  await collection.createIndex({ unitCode: 1, status: 1 }, { name: "unit_status" });
  await collection.createIndex({ agencyCode: 1, status: 1 }, { name: "agency_status" });
  await collection.createIndex({ "deadline.dueAt": 1 }, { name: "deadline" });
  await collection.createIndex({ sessionId: 1, status: 1 }, { name: "session_status" });
  const repository = createAggregateRepository<PetitionState>(collection, { onWrite });
  const runningDeadlines = async (filter: Record<string, unknown>, limit: number) => {
    const docs = await collection
      .find(
        { status: { $in: ["assigned", "in_progress", "reopened"] }, onHold: false, ...filter },
        { projection: { _id: 1 } },
      )
      .sort({ "deadline.dueAt": 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => d._id);
  };
  return {
    repository,
    collection,
    async nextReference(unitCode, year) {
      const counter = await counters.findOneAndUpdate(
        { _id: `petition:${unitCode}:${year}` },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: "after" },
      );
      return `KN-${unitCode}-${year}-${String(counter?.seq ?? 1).padStart(6, "0")}`;
    },
    async countBySession(sessionId) {
      // One accumulator per $group: FerretDB 1.24 computes only the first (docs/decisions/0003).
      const groups = await collection
        .aggregate<{ _id: string; count: number }>([
          { $match: { sessionId } },
          { $group: { _id: "$status", count: { $count: {} } } },
        ])
        .toArray();
      return Object.fromEntries(groups.map((g) => [g._id, g.count]));
    },
    overdueCandidates: (now, limit) =>
      runningDeadlines({ overdue: false, "deadline.dueAt": { $lt: now.toISOString() } }, limit),
    dueSoonCandidates: (until, limit) =>
      runningDeadlines(
        { dueSoon: false, overdue: false, "deadline.dueAt": { $lte: until } },
        limit,
      ),
  };
}

import type { PetitionSnapshot } from "@danvan/contracts";
import { petitionEvents } from "@danvan/contracts";
import { type PetitionFacts, petitionFactFields } from "@danvan/metrics";
import { defineAggregate } from "@danvan/platform/aggregate";
import type { AggregateDocument, Collection, Database } from "@danvan/platform/mongo";
import { findPage, migrateOnce, tokenPrefixClauses } from "@danvan/platform/mongo";
import { searchTokens, vietnameseSortKey } from "@danvan/vietnam/text";
import type {
  DecisionContext,
  Petition,
  PetitionCommand,
  PetitionEvent,
} from "../domain/petition/index.ts";
import { decide, runningDeadline, WITH_AGENCY } from "../domain/petition/index.ts";

/** The snapshot events carry: the petition minus the petitioner's personal data and texts. */
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

/**
 * Petitions as the kit stores them. Beside the state: its folded search tokens, the petitioner's
 * name as a Vietnamese sort key (docs/domain.md "Vietnamese text"; the database has no collation),
 * and the deadline while its clock runs, which the deadline sweep looks up.
 */
export const petitionAggregate = defineAggregate<
  Petition,
  PetitionCommand,
  DecisionContext,
  PetitionEvent
>({
  name: "petition",
  collection: "petitions",
  events: petitionEvents,
  decide,
  unitCode: (petition) => petition.unitCode,
  snapshot: snapshotOf,
  // Contact details are sealed at rest; the name stays readable (its sort key is stored too).
  personalData: ["petitioner.phone", "petitioner.email", "petitioner.address"],
  queryFields: {
    names: ["searchTokens", "petitionerSortKey", "runningDeadlineDueAt"],
    of(petition) {
      const name = petition.petitioner.name;
      const due = runningDeadline(petition);
      return {
        searchTokens: searchTokens(
          [petition.reference, petition.content, ...petition.topics].join(" "),
        ),
        ...(name ? { petitionerSortKey: vietnameseSortKey(name) } : {}),
        ...(due ? { runningDeadlineDueAt: due } : {}),
      };
    },
  },
});

/** The petitions collection's queries beside the kit's commands (their indexes are made here). */
export interface PetitionQueries {
  /** The next number of a unit's yearly reference sequence (KN-<unit>-<year>-<seq>). */
  nextReference(unitCode: string, year: number): Promise<string>;
  /** How many of each session's petitions are in each status (sessions without any are absent). */
  countBySessions(sessionIds: readonly string[]): Promise<Map<string, Record<string, number>>>;
  /** Every petition whose deadline is running (with an agency, not on hold), in id order. */
  runningDeadlineIds(): AsyncIterable<string>;
  /** Running deadlines not yet flagged overdue that ended before `now`, oldest first. */
  overdueCandidates(now: Date, limit: number): Promise<string[]>;
  /** Running deadlines not yet flagged due soon that end before `until`, oldest first. */
  dueSoonCandidates(until: string, limit: number): Promise<string[]>;
  list(query: PetitionQuery): ReturnType<typeof findPage>;
  /** What the shared metrics need, for the petitions a filter selects. */
  facts(query: Omit<PetitionQuery, "sort" | "offset" | "limit">): Promise<PetitionFacts[]>;
}

interface Counter {
  _id: string;
  seq: number;
}

export async function createPetitionQueries(
  database: Database,
  /** Stored fields readers must not get (the aggregate store's hidden fields). */
  hidden: readonly string[],
): Promise<PetitionQueries> {
  const collection = database.collection<AggregateDocument>(petitionAggregate.collection);
  const counters = database.collection<Counter>("counters");
  await collection.createIndex({ reference: 1 }, { unique: true, name: "reference" });
  await collection.createIndex({ unitCode: 1, status: 1 }, { name: "unit_status" });
  await collection.createIndex({ agencyCode: 1, status: 1 }, { name: "agency_status" });
  await collection.createIndex({ "deadline.dueAt": 1 }, { name: "deadline" });
  await collection.createIndex({ sessionId: 1, status: 1 }, { name: "session_status" });
  await collection.createIndex({ searchTokens: 1 }, { name: "search_tokens" });
  await collection.createIndex({ petitionerSortKey: 1 }, { name: "petitioner_name" });
  await collection.createIndex({ receivedAt: -1 }, { name: "received" });
  await collection.createIndex({ runningDeadlineDueAt: 1 }, { name: "running_deadline" });
  await migrateOnce(database, "petitions.running-deadline-due-at", () =>
    backfillRunningDeadlines(collection),
  );
  // `runningDeadlineDueAt` is present only while a deadline runs, so these read only those
  // petitions, not every one that ever had a deadline (`$exists` is what FerretDB answers from
  // the index too; docs/decisions/0007).
  const runningDeadlines = async (
    due: Record<string, string>,
    flags: Record<string, false>,
    limit: number,
  ) => {
    const docs = await collection
      .find(
        { runningDeadlineDueAt: { $exists: true, ...due }, ...flags },
        { projection: { _id: 1 } },
      )
      .sort({ runningDeadlineDueAt: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => d._id);
  };
  return {
    async nextReference(unitCode, year) {
      const counter = await counters.findOneAndUpdate(
        { _id: `petition:${unitCode}:${year}` },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: "after" },
      );
      return `KN-${unitCode}-${year}-${String(counter?.seq ?? 1).padStart(6, "0")}`;
    },
    async countBySessions(sessionIds) {
      // One accumulator per $group: FerretDB 1.24 computes only the first (docs/decisions/0003).
      const groups = await collection
        .aggregate<{ _id: { session: string; status: string }; count: number }>([
          { $match: { sessionId: { $in: [...sessionIds] } } },
          { $group: { _id: { session: "$sessionId", status: "$status" }, count: { $count: {} } } },
        ])
        .toArray();
      const counts = new Map<string, Record<string, number>>();
      for (const { _id, count } of groups) {
        counts.set(_id.session, { ...counts.get(_id.session), [_id.status]: count });
      }
      return counts;
    },
    async *runningDeadlineIds() {
      let after = "";
      for (;;) {
        const page = await collection
          .find(
            { _id: { $gt: after }, runningDeadlineDueAt: { $exists: true } },
            { projection: { _id: 1 } },
          )
          .sort({ _id: 1 })
          .limit(200)
          .toArray();
        for (const doc of page) yield doc._id;
        if (page.length < 200) return;
        after = page[page.length - 1]?._id as string;
      }
    },
    overdueCandidates: (now, limit) =>
      runningDeadlines({ $lt: now.toISOString() }, { overdue: false }, limit),
    dueSoonCandidates: (until, limit) =>
      runningDeadlines({ $lte: until }, { dueSoon: false, overdue: false }, limit),
    list: (query) =>
      findPage(collection, {
        filter: petitionFilter(query),
        sort: petitionSortOrders[query.sort],
        offset: query.offset,
        limit: query.limit,
        hide: hidden,
      }),
    async facts(query) {
      const docs = await collection
        .find(petitionFilter({ ...query, sort: "receivedAt", offset: 0, limit: 0 }), {
          projection: petitionFactFields,
        })
        .toArray();
      return docs as unknown as PetitionFacts[];
    },
  };
}

export const petitionSorts = [
  "receivedAt",
  "-receivedAt",
  "deadline",
  "reference",
  "petitioner",
  "-petitioner",
] as const;
export type PetitionSort = (typeof petitionSorts)[number];

export interface PetitionQuery {
  /** The caller's scope, already decided: undefined means province-wide. */
  scope?: { units: string[]; agencies: string[] };
  unitCode?: string;
  agencyCode?: string;
  statuses?: readonly string[];
  kind?: string;
  topic?: string;
  source?: string;
  overdue?: boolean;
  receivedFrom?: string;
  receivedTo?: string;
  /** Folded query tokens: every one must begin a stored token. */
  tokens?: string[];
  sort: PetitionSort;
  offset: number;
  limit: number;
}

/**
 * The stored filter of a list query; every value comes typed from the validated query. Plain
 * conditions stay at the top level, where the database can apply them before reading documents
 * (FerretDB narrows by top-level conditions only: docs/decisions/0007); the caller's scope and
 * the search tokens, which need `$or` or repeat a field, go in `$and`.
 */
export function petitionFilter(query: PetitionQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.unitCode) filter.unitCode = query.unitCode;
  if (query.agencyCode) filter.agencyCode = query.agencyCode;
  if (query.statuses) filter.status = { $in: query.statuses };
  if (query.kind) filter.kind = query.kind;
  if (query.topic) filter.topics = query.topic;
  if (query.source) filter.source = query.source;
  if (query.overdue !== undefined) filter.overdue = query.overdue;
  if (query.receivedFrom || query.receivedTo) {
    filter.receivedAt = {
      ...(query.receivedFrom ? { $gte: query.receivedFrom } : {}),
      ...(query.receivedTo ? { $lte: query.receivedTo } : {}),
    };
  }
  const and: Record<string, unknown>[] = [];
  if (query.scope) {
    and.push({
      $or: [
        { unitCode: { $in: query.scope.units } },
        { agencyCode: { $in: query.scope.agencies } },
      ],
    });
  }
  and.push(...tokenPrefixClauses(query.tokens ?? []));
  return and.length > 0 ? { ...filter, $and: and } : filter;
}

/** The stored order of each sort a list may ask for. */
export const petitionSortOrders: Record<PetitionQuery["sort"], Record<string, 1 | -1>> = {
  receivedAt: { receivedAt: 1, _id: 1 },
  "-receivedAt": { receivedAt: -1, _id: 1 },
  deadline: { "deadline.dueAt": 1, _id: 1 },
  reference: { reference: 1 },
  // Anonymous petitions have no key: first in ascending order, last in descending.
  petitioner: { petitionerSortKey: 1, _id: 1 },
  "-petitioner": { petitionerSortKey: -1, _id: 1 },
};

/**
 * Petitions stored before `runningDeadlineDueAt` existed get it at the first start that knows it
 * (`migrateOnce`): without it the deadline sweep would not see them. Returns how many it changed.
 */
async function backfillRunningDeadlines(collection: Collection<AggregateDocument>) {
  const missing = await collection
    .find(
      {
        status: { $in: [...WITH_AGENCY] },
        onHold: false,
        runningDeadlineDueAt: { $exists: false },
      },
      { projection: { _id: 1, version: 1, status: 1, onHold: 1, deadline: 1 } },
    )
    .toArray();
  let changed = 0;
  for (const doc of missing) {
    const due = runningDeadline(doc as unknown as Petition);
    if (!due) continue;
    // Guarded by version: a petition changed meanwhile got the field from its own write.
    const result = await collection.updateOne(
      { _id: doc._id, version: doc.version },
      { $set: { runningDeadlineDueAt: due } },
    );
    changed += result.modifiedCount;
  }
  return changed;
}

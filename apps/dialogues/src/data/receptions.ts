import { receptionObligationMissedV1 } from "@danvan/contracts";
import { defineAggregate } from "@danvan/platform/aggregate";
import type { AggregateDocument, Database } from "@danvan/platform/mongo";
import { isDuplicateKey } from "@danvan/platform/mongo";
import { endOfLocalDay, localDateOf, startOfLocalDay } from "@danvan/vietnam/calendar";
import type {
  MissedObligation,
  ObligationCommand,
  ReceptionHolder,
} from "../domain/reception/obligation.ts";
import { decideObligation } from "../domain/reception/obligation.ts";
import { sessionAggregate } from "./sessions.ts";

/** A missed reception obligation: created once per holder and month by the monthly check. */
export const obligationAggregate = defineAggregate<
  MissedObligation,
  ObligationCommand,
  { now: Date },
  { name: "missed"; change: Record<string, unknown> }
>({
  name: "reception-obligation",
  collection: "reception_obligations",
  events: { missed: receptionObligationMissedV1 },
  decide: decideObligation,
  unitCode: (obligation) => obligation.unitCode,
  snapshot: ({ id: _id, ...obligation }) => obligation,
  // The contract's event is the obligation itself, not a change and a snapshot.
  data: (_fact, { id: _id, ...obligation }) => obligation,
});

/** The collection of the position holders with a reception obligation. */
export const RECEPTION_HOLDERS = "reception_holders";

interface HolderDocument extends Omit<ReceptionHolder, "id"> {
  _id: string;
}

/** The position holders with a monthly reception obligation, and the reception days they held. */
export async function createReceptionQueries(database: Database) {
  const holders = database.collection<HolderDocument>(RECEPTION_HOLDERS);
  const sessions = database.collection<AggregateDocument>(sessionAggregate.collection);
  await sessions.createIndex({ "chair.holderId": 1, heldAt: 1 }, { name: "holder_held" });
  return {
    async holder(id: string): Promise<ReceptionHolder | undefined> {
      const found = await holders.findOne({ _id: id });
      if (!found) return undefined;
      const { _id, ...holder } = found;
      return { id: _id, ...holder };
    },
    /**
     * Registers a new holder (`previous` undefined) or replaces one that is still as `previous`
     * was read: false when someone registered or changed it meanwhile.
     */
    async registerHolder(
      { id, ...holder }: ReceptionHolder,
      previous: ReceptionHolder | undefined,
    ): Promise<boolean> {
      if (previous === undefined) {
        try {
          await holders.insertOne({ _id: id, ...holder });
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      }
      const { id: _id, ...was } = previous;
      const result = await holders.replaceOne({ _id: id, ...was }, holder);
      return result.matchedCount === 1;
    },
    async holders(): Promise<ReceptionHolder[]> {
      return (await holders.find().sort({ _id: 1 }).toArray()).map(({ _id, ...h }) => ({
        id: _id,
        ...h,
      }));
    },
    /** Distinct local dates on which each holder held a reception, between two local dates. */
    async daysHeld(first: string, last: string): Promise<Map<string, Set<string>>> {
      const held = await sessions
        .find(
          {
            "chair.holderId": { $exists: true },
            kind: { $in: ["periodic_reception", "adhoc_reception"] },
            status: { $in: ["held", "minutes_published", "closed"] },
            heldAt: { $gte: startOfLocalDay(first), $lte: endOfLocalDay(last) },
          },
          { projection: { "chair.holderId": 1, heldAt: 1 } },
        )
        .toArray();
      const days = new Map<string, Set<string>>();
      for (const doc of held as unknown as { chair: { holderId: string }; heldAt: string }[]) {
        const set = days.get(doc.chair.holderId) ?? new Set<string>();
        set.add(localDateOf(doc.heldAt));
        days.set(doc.chair.holderId, set);
      }
      return days;
    },
  };
}

export type ReceptionQueries = Awaited<ReturnType<typeof createReceptionQueries>>;

import type {
  AggregateDocument,
  AggregateRepository,
  Collection,
  Database,
} from "@danvan/platform/mongo";
import { createAggregateRepository, ensureOutboxIndex } from "@danvan/platform/mongo";
import { endOfLocalDay, localDateOf, startOfLocalDay } from "@danvan/vietnam/calendar";
import type { ReceptionHolder, Shortfall } from "../domain/reception/obligation.ts";

interface HolderDocument extends Omit<ReceptionHolder, "id"> {
  _id: string;
}

export interface ReceptionStore {
  obligations: AggregateRepository<
    Omit<Shortfall, "holder"> & {
      holder: Omit<ReceptionHolder, "level" | "unitCode">;
      level: string;
      unitCode: string;
    }
  >;
  obligationCollection: Collection<AggregateDocument>;
  registerHolder(holder: ReceptionHolder): Promise<void>;
  holders(): Promise<ReceptionHolder[]>;
  /** Distinct local dates on which each holder held a reception, between two local dates. */
  daysHeld(first: string, last: string): Promise<Map<string, Set<string>>>;
}

export async function createReceptionStore(
  database: Database,
  sessions: Collection<AggregateDocument>,
  /** Called after each write with the collection written (wakes the outbox relay). */
  onWrite: (collectionName: string) => void,
): Promise<ReceptionStore> {
  const holders = database.collection<HolderDocument>("reception_holders");
  const obligationCollection = database.collection<AggregateDocument>("reception_obligations");
  await ensureOutboxIndex(obligationCollection);
  await sessions.createIndex({ "chair.holderId": 1, heldAt: 1 }, { name: "holder_held" });
  return {
    obligations: createAggregateRepository(obligationCollection, { onWrite }),
    obligationCollection,
    async registerHolder({ id, ...holder }) {
      await holders.updateOne({ _id: id }, { $set: holder }, { upsert: true });
    },
    async holders() {
      return (await holders.find().sort({ _id: 1 }).toArray()).map(({ _id, ...h }) => ({
        id: _id,
        ...h,
      }));
    },
    async daysHeld(first, last) {
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

import type { PetitionSnapshot } from "@danvan/contracts";
import type { Collection, Database } from "@danvan/platform/mongo";
import type { JournalEntry } from "./journal.ts";

/** Which journal entry wrote a stored view or miss (projection/journal.ts); absent before. */
interface WrittenByEntry {
  writtenBy?: string;
}

/** A petition as the read side keeps it: the latest snapshot, gated by aggregate version. */
export type PetitionView = PetitionSnapshot & {
  _id: string;
  version: number;
  eventTime: string;
} & WrittenByEntry;

export interface SessionView extends WrittenByEntry {
  _id: string;
  version: number;
  unitCode: string;
  kind: string;
  status: string;
  scheduledAt: string;
  heldAt?: string;
  title: string;
  eventTime: string;
}

export interface ReceptionMiss extends WrittenByEntry {
  _id: string;
  unitCode: string;
  level: string;
  holder: { id: string; name: string; position: string };
  month: string;
  required: number;
  held: number;
  eventTime: string;
}

/**
 * What alerts say: a petition overdue, a monthly reception missed, or an event the gateway could
 * not apply to its read models (set aside in its dead-letter topic: figures may be short of it).
 */
export const ALERT_KINDS = ["petition-overdue", "reception-missed", "event-set-aside"] as const;

/** One line of the alerts feed: something that needs attention, from the event that said so. */
export interface Alert {
  /** The event's id (a redelivered event makes no second alert), or the set-aside message's place. */
  _id: string;
  kind: (typeof ALERT_KINDS)[number];
  unitCode: string;
  at: string;
  subject: string;
  /** What a reader sees: the petition's reference, the holder and month. */
  title: string;
}

/** As stored: with when this read side recorded it (ms), which the change feed looks for. */
export type StoredAlert = Alert & { recordedAt: number };

export interface ReadModelStore {
  petitions: Collection<PetitionView>;
  sessions: Collection<SessionView>;
  receptionMisses: Collection<ReceptionMiss>;
  alerts: Collection<StoredAlert>;
  /** What each writer owes the figures for its latest batch (projection/journal.ts). */
  journal: Collection<JournalEntry>;
}

/**
 * The gateway's read models, in collections named with `prefix` so that a rebuild can fill fresh
 * ones (`rebuild_…`) while these keep serving.
 */
export async function createReadModelStore(
  database: Database,
  prefix = "",
): Promise<ReadModelStore> {
  const petitions = database.collection<PetitionView>(`${prefix}petition_views`);
  const sessions = database.collection<SessionView>(`${prefix}session_views`);
  const receptionMisses = database.collection<ReceptionMiss>(`${prefix}reception_misses`);
  const alerts = database.collection<StoredAlert>(`${prefix}alerts`);
  // One entry per writer (its `_id`), replaced by its next batch.
  const journal = database.collection<JournalEntry>(`${prefix}projection_journal`);
  await petitions.createIndex({ unitCode: 1, receivedAt: 1 }, { name: "unit_received" });
  await sessions.createIndex({ unitCode: 1, scheduledAt: 1 }, { name: "unit_scheduled" });
  await receptionMisses.createIndex({ unitCode: 1, month: 1 }, { name: "unit_month" });
  await alerts.createIndex({ unitCode: 1, at: -1 }, { name: "unit_at" });
  await alerts.createIndex({ at: -1 }, { name: "at" });
  await alerts.createIndex({ recordedAt: 1 }, { name: "recorded_at" });
  return {
    petitions,
    sessions,
    receptionMisses,
    alerts,
    journal,
  };
}

import type mongoose from "mongoose";
import type { Collection } from "./connection.ts";
import { isDuplicateKey } from "./errors.ts";

export interface VersionedDocument {
  _id: string;
  version: number;
  [field: string]: unknown;
}

/**
 * Applies an event's snapshot to a read model only if its aggregate version is newer than the one
 * held. Replays, duplicates and late arrivals become no-ops: the filter matches no document, and
 * the upsert then collides on _id (error 11000), which here means "already as new or newer".
 */
export async function versionGatedUpsert(
  collection: Collection<VersionedDocument>,
  id: string,
  version: number,
  fields: Record<string, unknown>,
): Promise<"applied" | "stale"> {
  const filter = { _id: id, version: { $lt: version } };
  const update = { $set: { ...fields, version } } as never;
  try {
    await collection.updateOne(filter, update, { upsert: true });
    return "applied";
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  // The document exists (perhaps inserted a moment ago by a concurrent first write with an
  // older version): apply if still newer, without upsert this time.
  const again = await collection.updateOne(filter, update);
  return again.matchedCount === 1 ? "applied" : "stale";
}

export interface EffectDocument {
  _id: string;
  appliedEventIds?: string[];
  [field: string]: unknown;
}

/**
 * Performs a side effect on one document at most once per event: the event id is recorded in the
 * same single-document write that performs it, so a redelivered event changes nothing.
 * The id list grows by one per event applied to the document; FerretDB ignores `$push` with
 * `$slice`, so documents that receive very many events need their own trimming.
 */
export async function applyOnce(
  collection: Collection<EffectDocument>,
  id: string,
  eventId: string,
  update: mongoose.mongo.UpdateFilter<EffectDocument>,
): Promise<"applied" | "duplicate"> {
  const push = (update.$push ?? {}) as Record<string, unknown>;
  try {
    const result = await collection.updateOne(
      { _id: id, appliedEventIds: { $ne: eventId } },
      { ...update, $push: { ...push, appliedEventIds: eventId } } as never,
      { upsert: true },
    );
    return result.modifiedCount + result.upsertedCount > 0 ? "applied" : "duplicate";
  } catch (error) {
    if (isDuplicateKey(error)) return "duplicate";
    throw error;
  }
}

import type mongoose from "mongoose";
import type { Collection } from "./connection.ts";
import { isDuplicateKey } from "./errors.ts";

type Document = mongoose.mongo.Document;
export type AnyBulkWriteOperation<T extends Document> = mongoose.mongo.AnyBulkWriteOperation<T>;

/**
 * FerretDB 1.24 hangs for good on one write command of 100 statements or more
 * (docs/decisions/0003): bulk writes go in commands of at most this many.
 */
export const MAX_STATEMENTS_PER_COMMAND = 50;

/**
 * `bulkWrite` in commands of at most MAX_STATEMENTS_PER_COMMAND, unordered within each; the
 * number of documents the statements matched (upserts included).
 */
export async function bulkWriteInSlices<T extends Document>(
  collection: Collection<T>,
  operations: readonly AnyBulkWriteOperation<T>[],
): Promise<number> {
  let matched = 0;
  for (let i = 0; i < operations.length; i += MAX_STATEMENTS_PER_COMMAND) {
    const result = await collection.bulkWrite(operations.slice(i, i + MAX_STATEMENTS_PER_COMMAND), {
      ordered: false,
    });
    matched += result.matchedCount + result.upsertedCount;
  }
  return matched;
}

/**
 * Inserts documents in slices, each once: an id that exists already is refused and the others
 * are written. Returns the indexes (into `documents`) of those refused; any other error is
 * thrown. (Only inserts: FerretDB 1.24 ends an update command at its first error, unordered or
 * not, and reports it at index 0.)
 */
export async function insertManyRefusingDuplicates<T extends Document>(
  collection: Collection<T>,
  documents: readonly T[],
): Promise<Set<number>> {
  const refused = new Set<number>();
  for (let i = 0; i < documents.length; i += MAX_STATEMENTS_PER_COMMAND) {
    try {
      await collection.insertMany(documents.slice(i, i + MAX_STATEMENTS_PER_COMMAND) as never, {
        ordered: false,
      });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
      const list = (Array.isArray(writeErrors) ? writeErrors : []) as {
        index: number;
        code: number;
      }[];
      if (list.length === 0 || list.some((e) => !isDuplicateKey(e))) throw error;
      for (const e of list) refused.add(i + e.index);
    }
  }
  return refused;
}

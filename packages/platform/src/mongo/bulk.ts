import type mongoose from "mongoose";
import type { Collection } from "./connection.ts";

type Document = mongoose.mongo.Document;
export type AnyBulkWriteOperation<T extends Document> = mongoose.mongo.AnyBulkWriteOperation<T>;

/**
 * FerretDB 1.24 hangs for good on one write command of 100 statements or more
 * (docs/decisions/0003): bulk writes go in commands of at most this many.
 */
export const MAX_STATEMENTS_PER_COMMAND = 50;

/** `bulkWrite` in commands of at most MAX_STATEMENTS_PER_COMMAND, unordered within each. */
export async function bulkWriteInSlices<T extends Document>(
  collection: Collection<T>,
  operations: readonly AnyBulkWriteOperation<T>[],
): Promise<void> {
  for (let i = 0; i < operations.length; i += MAX_STATEMENTS_PER_COMMAND) {
    await collection.bulkWrite(operations.slice(i, i + MAX_STATEMENTS_PER_COMMAND), {
      ordered: false,
    });
  }
}

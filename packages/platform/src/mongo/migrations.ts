import type { Database } from "./connection.ts";
import { isDuplicateKey } from "./errors.ts";

/** A migration's record in the service's `migrations` collection. */
export interface MigrationRecord {
  _id: string;
  appliedAt: string;
  /** What the step reported it changed (documents, usually). */
  changed: number;
}

/**
 * Runs a change to stored data once per database: at a start that finds no record of `name` in
 * `migrations`, recorded there when the step is done. Until then every start runs it, so a step
 * that fails is tried again, and replicas starting together may both run it: a step must be safe
 * to run twice (guard each write, as a version-guarded update does).
 * Returns what the step changed, or `undefined` when it had run before.
 */
export async function migrateOnce(
  database: Database,
  name: string,
  step: () => Promise<number>,
): Promise<number | undefined> {
  const migrations = database.collection<MigrationRecord>("migrations");
  if (await migrations.findOne({ _id: name }, { projection: { _id: 1 } })) return undefined;
  const changed = await step();
  await migrations
    .insertOne({ _id: name, appliedAt: new Date().toISOString(), changed })
    .catch((error: unknown) => {
      // A replica starting beside this one ran and recorded it too.
      if (!isDuplicateKey(error)) throw error;
    });
  return changed;
}

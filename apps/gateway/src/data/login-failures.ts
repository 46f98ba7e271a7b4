import type { Collection, Database } from "@danvan/platform/mongo";

/**
 * Wrong logins counted against what they aimed at: a username (whichever address tried it), an
 * address (whichever usernames it tried), or the pair. Unknown usernames are counted as known
 * ones, so that the answers never tell which exist.
 */
export interface LoginFailureCount {
  _id: string;
  username?: string;
  failures: number;
  lastFailureAt: string;
}

export interface LoginFailureStore {
  read(ids: string[]): Promise<LoginFailureCount[]>;
  /**
   * One more failure against each id; a count whose last failure is older than `forgetBefore`
   * starts again from one.
   */
  add(ids: { _id: string; username?: string }[], at: string, forgetBefore: string): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Every count naming the username: its own and its pairs with addresses. */
  removeUsername(username: string): Promise<void>;
}

export async function createLoginFailureStore(database: Database): Promise<LoginFailureStore> {
  const counts: Collection<LoginFailureCount> =
    database.collection<LoginFailureCount>("login_failures");
  await counts.createIndex({ username: 1 }, { name: "username" });
  return {
    read: (ids) => counts.find({ _id: { $in: ids } }).toArray(),
    async add(ids, at, forgetBefore) {
      // Atomic increments: guesses sent in parallel are each counted.
      await counts.deleteMany({
        _id: { $in: ids.map((id) => id._id) },
        lastFailureAt: { $lt: forgetBefore },
      });
      await counts.bulkWrite(
        ids.map(({ _id, username }) => ({
          updateOne: {
            filter: { _id },
            update: {
              $inc: { failures: 1 },
              $set: { lastFailureAt: at, ...(username ? { username } : {}) },
            },
            upsert: true,
          },
        })),
      );
    },
    async remove(ids) {
      await counts.deleteMany({ _id: { $in: ids } });
    },
    async removeUsername(username) {
      await counts.deleteMany({ username });
    },
  };
}

import type { Collection, Database } from "@danvan/platform/mongo";

/**
 * A login: what a refresh token continues and an access token's `sid` names. Only hashes of
 * refresh secrets are stored; the previous one is kept to recognise a stolen token being replayed.
 */
export interface LoginSession {
  _id: string;
  userId: string;
  secretHash: string;
  previousSecretHash?: string;
  createdAt: string;
  /** The login ends then, however often it is refreshed. */
  expiresAt: string;
  refreshedAt?: string;
  endedAt?: string;
  endReason?: "logout" | "refresh-reused" | "disabled" | "password-changed" | "password-reset";
  ip: string;
  userAgent: string;
}

export interface LoginSessionStore {
  create(session: LoginSession): Promise<void>;
  get(id: string): Promise<LoginSession | null>;
  /** Swaps the secret if it is still `currentHash`: false when another refresh came first. */
  rotate(id: string, currentHash: string, nextHash: string, now: string): Promise<boolean>;
  end(id: string, reason: NonNullable<LoginSession["endReason"]>, now: string): Promise<boolean>;
  /** Ends every running login of the user but `except`; how many it ended. */
  endAllOf(
    userId: string,
    reason: NonNullable<LoginSession["endReason"]>,
    now: string,
    except?: string,
  ): Promise<number>;
}

export async function createLoginSessionStore(database: Database): Promise<LoginSessionStore> {
  const sessions: Collection<LoginSession> = database.collection<LoginSession>("login_sessions");
  await sessions.createIndex({ userId: 1 }, { name: "user" });
  return {
    async create(session) {
      await sessions.insertOne(session);
    },
    get: (id) => sessions.findOne({ _id: id }),
    async rotate(id, currentHash, nextHash, now) {
      const result = await sessions.updateOne(
        { _id: id, secretHash: currentHash, endedAt: { $exists: false } },
        { $set: { secretHash: nextHash, previousSecretHash: currentHash, refreshedAt: now } },
      );
      return result.modifiedCount === 1;
    },
    async end(id, reason, now) {
      const result = await sessions.updateOne(
        { _id: id, endedAt: { $exists: false } },
        { $set: { endedAt: now, endReason: reason } },
      );
      return result.modifiedCount === 1;
    },
    async endAllOf(userId, reason, now, except) {
      const result = await sessions.updateMany(
        { userId, endedAt: { $exists: false }, ...(except ? { _id: { $ne: except } } : {}) },
        { $set: { endedAt: now, endReason: reason } },
      );
      return result.modifiedCount;
    },
  };
}

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
  /**
   * The logins that ended at `since` or later whose access tokens may still be unexpired: what
   * the services refuse tokens of.
   */
  endedSince(since: string): Promise<EndedLogin[]>;
}

/** A login that ended less than an access token's lifetime ago. */
export interface EndedLogin {
  _id: string;
  endedAt: string;
  /** Its last access token has expired by then (plus a minute for clocks that differ). */
  refuseUntil: string;
}

const CLOCK_MARGIN_MS = 60_000;

/**
 * `accessTokenSeconds`: how long an access token lives, so how long an ended login's tokens must
 * be refused.
 */
export async function createLoginSessionStore(
  database: Database,
  options: { accessTokenSeconds: number },
): Promise<LoginSessionStore> {
  const sessions: Collection<LoginSession> = database.collection<LoginSession>("login_sessions");
  await sessions.createIndex({ userId: 1 }, { name: "user" });
  // The logins ended within a token's lifetime, apart: the services ask for them every few
  // seconds, and a small collection answers without reading the years of ended logins.
  const recentlyEnded: Collection<EndedLogin> =
    database.collection<EndedLogin>("recently_ended_logins");
  await recentlyEnded.createIndex({ endedAt: 1 }, { name: "ended" });
  async function recordEnded(ids: string[], now: string) {
    if (ids.length === 0) return;
    const refuseUntil = new Date(
      Date.parse(now) + options.accessTokenSeconds * 1000 + CLOCK_MARGIN_MS,
    ).toISOString();
    await recentlyEnded.bulkWrite(
      ids.map((_id) => ({
        replaceOne: { filter: { _id }, replacement: { endedAt: now, refuseUntil }, upsert: true },
      })),
    );
    await recentlyEnded.deleteMany({ refuseUntil: { $lt: now } });
  }
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
    // Listed for the services before the login is marked ended, so that a crash between the
    // two leaves its tokens refused rather than a login ended that the services still trust.
    async end(id, reason, now) {
      await recordEnded([id], now);
      const result = await sessions.updateOne(
        { _id: id, endedAt: { $exists: false } },
        { $set: { endedAt: now, endReason: reason } },
      );
      return result.modifiedCount === 1;
    },
    async endAllOf(userId, reason, now, except) {
      const running = await sessions
        .find(
          { userId, endedAt: { $exists: false }, ...(except ? { _id: { $ne: except } } : {}) },
          { projection: { _id: 1 } },
        )
        .toArray();
      const ids = running.map((session) => session._id);
      if (ids.length === 0) return 0;
      await recordEnded(ids, now);
      const result = await sessions.updateMany(
        { _id: { $in: ids }, endedAt: { $exists: false } },
        { $set: { endedAt: now, endReason: reason } },
      );
      return result.modifiedCount;
    },
    endedSince: (since) => recentlyEnded.find({ endedAt: { $gte: since } }).toArray(),
  };
}

import type { Collection, Database } from "@danvan/platform/mongo";
import {
  ConcurrencyConflictError,
  isDuplicateKey,
  tokenPrefixClauses,
} from "@danvan/platform/mongo";
import { searchTokens, vietnameseSortKey } from "@danvan/vietnam/text";
import type { User } from "../domain/identity/user.ts";

/** Stored: the user, its version, and derived keys for listing (search tokens, name order). */
interface UserDocument extends Omit<User, "id"> {
  _id: string;
  version: number;
  nameSortKey: string;
  searchTokens: string[];
}

export class UsernameTakenError extends Error {
  override readonly name = "UsernameTakenError";
  readonly username: string;
  constructor(username: string) {
    super(`the username ${username} is taken`);
    this.username = username;
  }
}

export interface UserQuery {
  tokens?: string[];
  role?: string;
  unitCode?: string;
  agencyCode?: string;
  status?: string;
  sort: "name" | "-name" | "username" | "-createdAt";
  offset: number;
  limit: number;
}

export interface UserStore {
  get(id: string): Promise<{ user: User; version: number } | null>;
  findByUsername(username: string): Promise<{ user: User; version: number } | null>;
  /** Throws UsernameTakenError when the username exists. */
  create(user: User): Promise<void>;
  /** Replaces the user if still at `expectedVersion`; the new version. */
  replace(user: User, expectedVersion: number): Promise<number>;
  /**
   * Counts a wrong password and, at `maxFailures`, locks the account until `lockUntil` and
   * starts counting again. One atomic step per attempt, so parallel guesses all count.
   */
  recordFailedLogin(id: string, maxFailures: number, lockUntil: string): Promise<boolean>;
  count(): Promise<number>;
  list(query: UserQuery): Promise<{ total: number; items: { user: User; version: number }[] }>;
}

const fromDocument = ({
  _id,
  version,
  nameSortKey: _k,
  searchTokens: _t,
  ...rest
}: UserDocument) => ({
  user: { ...rest, id: _id } as User,
  version,
});

const toDocument = ({ id, ...user }: User, version: number): UserDocument => ({
  ...user,
  _id: id,
  version,
  nameSortKey: vietnameseSortKey(user.displayName),
  searchTokens: searchTokens(`${user.username} ${user.displayName}`),
});

const SORTS: Record<UserQuery["sort"], Record<string, 1 | -1>> = {
  name: { nameSortKey: 1, _id: 1 },
  "-name": { nameSortKey: -1, _id: 1 },
  username: { username: 1 },
  "-createdAt": { createdAt: -1, _id: 1 },
};

export async function createUserStore(database: Database): Promise<UserStore> {
  const users: Collection<UserDocument> = database.collection<UserDocument>("users");
  await users.createIndex({ username: 1 }, { unique: true, name: "username" });
  await users.createIndex({ nameSortKey: 1 }, { name: "name_order" });
  await users.createIndex({ searchTokens: 1 }, { name: "search_tokens" });
  await users.createIndex({ "assignments.units": 1 }, { name: "assignment_units" });

  return {
    async get(id) {
      const found = await users.findOne({ _id: id });
      return found ? fromDocument(found) : null;
    },
    async findByUsername(username) {
      const found = await users.findOne({ username });
      return found ? fromDocument(found) : null;
    },
    async create(user) {
      try {
        await users.insertOne(toDocument(user, 1));
      } catch (error) {
        if (isDuplicateKey(error)) throw new UsernameTakenError(user.username);
        throw error;
      }
    },
    async replace(user, expectedVersion) {
      const result = await users.replaceOne(
        { _id: user.id, version: expectedVersion },
        toDocument(user, expectedVersion + 1),
      );
      if (result.matchedCount === 0) {
        const current = await users.findOne({ _id: user.id }, { projection: { version: 1 } });
        throw new ConcurrencyConflictError(user.id, expectedVersion, current?.version ?? 0);
      }
      return expectedVersion + 1;
    },
    async recordFailedLogin(id, maxFailures, lockUntil) {
      const after = await users.findOneAndUpdate(
        { _id: id },
        { $inc: { failedLogins: 1, version: 1 } },
        { returnDocument: "after" },
      );
      if (!after || after.failedLogins < maxFailures) return false;
      await users.updateOne(
        { _id: id, failedLogins: { $gte: maxFailures } },
        { $set: { lockedUntil: lockUntil, failedLogins: 0 }, $inc: { version: 1 } },
      );
      return true;
    },
    count: () => users.countDocuments({}),
    async list(query) {
      const and: Record<string, unknown>[] = [{}, ...tokenPrefixClauses(query.tokens ?? [])];
      if (query.role) and.push({ "assignments.role": query.role });
      if (query.unitCode) and.push({ "assignments.units": query.unitCode });
      if (query.agencyCode) and.push({ "assignments.agencies": query.agencyCode });
      if (query.status) and.push({ status: query.status });
      const filter = { $and: and };
      const [total, documents] = await Promise.all([
        users.countDocuments(filter),
        users.find(filter).sort(SORTS[query.sort]).skip(query.offset).limit(query.limit).toArray(),
      ]);
      return { total, items: documents.map(fromDocument) };
    },
  };
}

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
  /**
   * Sets (and unsets) fields of the user if still at `expectedVersion`: administrators' and
   * users' own changes. The new version, or a ConcurrencyConflictError.
   */
  update(
    id: string,
    expectedVersion: number,
    set: Partial<Omit<User, "id">>,
    unset?: (keyof User)[],
  ): Promise<number>;
  /**
   * A successful login's bookkeeping: the time, and a rehashed password.
   * Not a change anyone edits, so it leaves the version alone (an administrator's If-Match stays
   * valid while the user logs in).
   */
  recordLogin(id: string, at: string, passwordHash?: string): Promise<void>;
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

const keysOf = (username: string, displayName: string) => ({
  nameSortKey: vietnameseSortKey(displayName),
  searchTokens: searchTokens(`${username} ${displayName}`),
});

const toDocument = ({ id, ...user }: User, version: number): UserDocument => ({
  ...user,
  _id: id,
  version,
  ...keysOf(user.username, user.displayName),
});

const SORTS: Record<UserQuery["sort"], Record<string, 1 | -1>> = {
  name: { nameSortKey: 1, _id: 1 },
  "-name": { nameSortKey: -1, _id: 1 },
  username: { username: 1 },
  "-createdAt": { createdAt: -1, _id: 1 },
};

export async function createUserStore(database: Database): Promise<UserStore> {
  const users: Collection<UserDocument> = database.collection<UserDocument>("users");
  /** The listing keys after a change of name, from the stored user and the change. */
  const derivedKeys = async (id: string, set: Partial<User>) => {
    const stored = await users.findOne(
      { _id: id },
      { projection: { username: 1, displayName: 1 } },
    );
    return keysOf(
      set.username ?? stored?.username ?? "",
      set.displayName ?? stored?.displayName ?? "",
    );
  };
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
    async update(id, expectedVersion, set, unset = []) {
      const derived =
        set.displayName !== undefined || set.username !== undefined
          ? await derivedKeys(id, set)
          : {};
      const result = await users.updateOne(
        { _id: id, version: expectedVersion },
        {
          $set: { ...set, ...derived },
          $inc: { version: 1 },
          ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((f) => [f, ""])) } : {}),
        },
      );
      if (result.matchedCount === 0) {
        const current = await users.findOne({ _id: id }, { projection: { version: 1 } });
        throw new ConcurrencyConflictError(id, expectedVersion, current?.version ?? 0);
      }
      return expectedVersion + 1;
    },
    async recordLogin(id, at, passwordHash) {
      await users.updateOne(
        { _id: id },
        {
          $set: { lastLoginAt: at, ...(passwordHash ? { passwordHash } : {}) },
        },
      );
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

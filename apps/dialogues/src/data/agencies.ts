import type { Database } from "@danvan/platform/mongo";
import { ConcurrencyConflictError, isDuplicateKey } from "@danvan/platform/mongo";
import { compareVietnamese, matchesTokens, searchTokens } from "@danvan/vietnam/text";
import type { Agency } from "../domain/agency/agency.ts";
import { isAgencyValidOn } from "../domain/agency/agency.ts";

interface AgencyDocument extends Agency {
  _id: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** One change of the registry: the audit trail of who changed which agency, when and how. */
export interface AgencyChange {
  provinceCode: string;
  code: string;
  version: number;
  before?: Agency;
  after: Agency;
  at: string;
  actor: string;
}

const idOf = (provinceCode: string, code: string) => `${provinceCode}:${code}`;
const agencyOf = ({ provinceCode, code, name, validFrom, validTo }: Agency): Agency => ({
  provinceCode,
  code,
  name,
  validFrom,
  ...(validTo === undefined ? {} : { validTo }),
});
const same = (a: Agency, b: Agency) => JSON.stringify(agencyOf(a)) === JSON.stringify(agencyOf(b));

/**
 * The agencies of every province, held in memory for the checks of commands (which are
 * synchronous); `refresh()` reads them again when any changed: the deadline job calls it each
 * sweep, so a change made through another replica reaches this one within a sweep.
 */
export async function createAgencyRegistry(database: Database) {
  const collection = database.collection<AgencyDocument>("agencies");
  const changes = database.collection<AgencyChange & { _id: string }>("agency_changes");
  await changes.createIndex({ provinceCode: 1, code: 1, version: -1 }, { name: "agency_version" });
  let byId = new Map<string, AgencyDocument>();
  /** Audit entries when the registry was last read: every change adds one, none is removed. */
  let changesRead = -1;

  /** Reads the registry again if it changed since it was last read (one count otherwise). */
  async function refresh() {
    const changeCount = await changes.countDocuments({});
    if (changeCount === changesRead) return;
    const all = await collection.find().toArray();
    byId = new Map(all.map((doc) => [doc._id, doc]));
    changesRead = changeCount;
  }
  await refresh();

  /** Writes `agency` unless it is what is stored: the change and its audit entry. */
  async function put(
    agency: Agency,
    actor: string,
    now: Date,
  ): Promise<"added" | "changed" | "unchanged"> {
    const id = idOf(agency.provinceCode, agency.code);
    const stored = await collection.findOne({ _id: id });
    if (stored && same(stored, agency)) return "unchanged";
    const version = (stored?.version ?? 0) + 1;
    const at = now.toISOString();
    const document: AgencyDocument = {
      _id: id,
      ...agencyOf(agency),
      version,
      updatedAt: at,
      updatedBy: actor,
    };
    // Conditional on the version read: a change made meanwhile is a 409, never overwritten, and
    // the audit entry below is written only for the change that was.
    const conflict = async () => {
      const now = await collection.findOne({ _id: id });
      return new ConcurrencyConflictError(id, stored?.version ?? 0, now?.version ?? 0);
    };
    if (stored) {
      const result = await collection.replaceOne({ _id: id, version: stored.version }, document);
      if (result.matchedCount !== 1) throw await conflict();
    } else {
      try {
        await collection.insertOne(document);
      } catch (error) {
        if (isDuplicateKey(error)) throw await conflict();
        throw error;
      }
    }
    await changes.insertOne({
      _id: `${id}:${version}`,
      provinceCode: agency.provinceCode,
      code: agency.code,
      version,
      ...(stored ? { before: agencyOf(stored) } : {}),
      after: agencyOf(agency),
      at,
      actor,
    });
    byId.set(id, document);
    return stored ? "changed" : "added";
  }

  return {
    refresh,
    put,
    /** The agency as registered (whatever its period), or undefined. */
    find(provinceCode: string, code: string): Agency | undefined {
      const doc = byId.get(idOf(provinceCode, code));
      return doc === undefined ? undefined : agencyOf(doc);
    },
    /** A province's agencies, valid on `day` when given, matching `q` (folded), by name. */
    list(provinceCode: string | undefined, options: { day?: string; q?: string } = {}): Agency[] {
      const wanted = options.q ? searchTokens(options.q) : [];
      return [...byId.values()]
        .filter(
          (doc) =>
            (provinceCode === undefined || doc.provinceCode === provinceCode) &&
            (options.day === undefined || isAgencyValidOn(doc, options.day)) &&
            (wanted.length === 0 || matchesTokens(searchTokens(`${doc.name} ${doc.code}`), wanted)),
        )
        .map(agencyOf)
        .sort((a, b) => compareVietnamese(a.name, b.name) || (a.code < b.code ? -1 : 1));
    },
    /** The registry's changes of one agency, newest first. */
    async history(provinceCode: string, code: string): Promise<AgencyChange[]> {
      const found = await changes.find({ provinceCode, code }).sort({ version: -1 }).toArray();
      return found.map(({ _id, ...change }) => change);
    },
  };
}

export type AgencyRegistry = Awaited<ReturnType<typeof createAgencyRegistry>>;

import { uuidv7 } from "@danvan/contracts";
import type { Collection, Database } from "@danvan/platform/mongo";

/** One line of the audit trail: who did what to whom, when, from where (append-only). */
export interface AuditEntry {
  id: string;
  at: string;
  /** A user id, or `anonymous` for failed logins of unknown names, or `system`. */
  actor: string;
  action: string;
  /** The user (or other object) acted on. */
  target?: string;
  ip?: string;
  correlationId?: string;
  /** What changed or why, never a password or a token. */
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string;
  target?: string;
  action?: string;
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

export interface AuditLog {
  record(entry: Omit<AuditEntry, "id" | "at">, at?: Date): Promise<void>;
  /** Newest first. */
  list(query: AuditQuery): Promise<{ total: number; items: AuditEntry[] }>;
}

type AuditDocument = Omit<AuditEntry, "id"> & { _id: string };

export async function createAuditLog(database: Database): Promise<AuditLog> {
  const entries: Collection<AuditDocument> = database.collection<AuditDocument>("audit");
  await entries.createIndex({ at: -1 }, { name: "at" });
  await entries.createIndex({ target: 1, at: -1 }, { name: "target" });
  await entries.createIndex({ actor: 1, at: -1 }, { name: "actor" });
  return {
    async record(entry, at = new Date()) {
      await entries.insertOne({ _id: uuidv7(at.getTime()), at: at.toISOString(), ...entry });
    },
    async list(query) {
      const and: Record<string, unknown>[] = [{}];
      if (query.actor) and.push({ actor: query.actor });
      if (query.target) and.push({ target: query.target });
      if (query.action) and.push({ action: query.action });
      if (query.from) and.push({ at: { $gte: query.from } });
      if (query.to) and.push({ at: { $lte: query.to } });
      const filter = { $and: and };
      const [total, documents] = await Promise.all([
        entries.countDocuments(filter),
        entries.find(filter).sort({ _id: -1 }).skip(query.offset).limit(query.limit).toArray(),
      ]);
      return { total, items: documents.map(({ _id, ...rest }) => ({ id: _id, ...rest })) };
    },
  };
}

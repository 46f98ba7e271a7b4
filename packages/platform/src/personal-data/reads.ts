import { z } from "zod";
import type { Collection, Database } from "../mongo/index.ts";

/** One reading of someone's personal data: who saw what of whom, when, in which request. */
export const personalDataReadSchema = z.object({
  at: z.iso.datetime(),
  /** The user who saw it (`sub` of their token). */
  actor: z.string(),
  /** The aggregate whose personal data was shown (a petition's id). */
  subject: z.string(),
  /** Which of it: `name`, `phone`, … */
  fields: z.array(z.string()),
  /** How it was shown: one record (`get`) or in a list (`list`). */
  via: z.enum(["get", "list"]),
  correlationId: z.string(),
});

export type PersonalDataRead = z.infer<typeof personalDataReadSchema>;

/**
 * The trail of every reading of personal data (the 2025 Law on Personal Data Protection asks who
 * saw whose data): written before the answer leaves, so a reading that cannot be recorded is not
 * served. Kept in the service's own database, apart from its aggregates.
 */
export interface PersonalDataReads {
  record(reads: PersonalDataRead[]): Promise<void>;
  /** The readings of one subject, newest first. */
  of(
    subject: string,
    page: { offset: number; limit: number },
  ): Promise<{
    total: number;
    items: PersonalDataRead[];
  }>;
}

export async function createPersonalDataReads(database: Database): Promise<PersonalDataReads> {
  const reads: Collection<PersonalDataRead & { _id: string }> =
    database.collection("personal_data_reads");
  await reads.createIndex({ subject: 1, at: -1 }, { name: "subject_at" });
  return {
    async record(entries) {
      if (entries.length === 0) return;
      await reads.insertMany(entries.map((entry) => ({ _id: crypto.randomUUID(), ...entry })));
    },
    async of(subject, page) {
      const [total, items] = await Promise.all([
        reads.countDocuments({ subject }),
        reads
          .find({ subject }, { projection: { _id: 0 } })
          .sort({ at: -1, _id: 1 })
          .skip(page.offset)
          .limit(page.limit)
          .toArray(),
      ]);
      return { total, items };
    },
  };
}

import { ReferenceRefusedError } from "@danvan/platform/domain";
import type { Database } from "@danvan/platform/mongo";
import { requireUnitOn } from "@danvan/platform/reference";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { petitionAggregate } from "../data/petitions.ts";
import { sessionAggregate } from "../data/sessions.ts";

/** One stored record whose unit the registry does not have on its day. */
export interface UnitProblem {
  collection: "petitions" | "sessions" | "reception_holders";
  id: string;
  /** What people call it: a petition's reference, a session's title, a holder's name. */
  label: string;
  unitCode: string;
  day: string;
  /** Why, in Vietnamese, as a command naming it would be told. */
  reason: string;
}

/**
 * Checks every stored petition, session and reception holder against the units, on the day of its
 * fact (receipt, the session's day, today for a holder), as commands are checked now: data
 * written before that rule, or under another unit list, is reported, never changed or dropped.
 */
export async function checkStoredUnits(options: {
  database: Database;
  units: UnitRegistry;
  now: Date;
  onProgress?: (done: number) => void;
}): Promise<{ checked: number; problems: UnitProblem[] }> {
  const problems: UnitProblem[] = [];
  let checked = 0;
  const check = (record: Omit<UnitProblem, "reason">) => {
    checked += 1;
    if (checked % 1000 === 0) options.onProgress?.(checked);
    try {
      requireUnitOn(options.units, record.unitCode, record.day, "unitCode");
    } catch (error) {
      if (!(error instanceof ReferenceRefusedError)) throw error;
      problems.push({ ...record, reason: error.text.vi });
    }
  };
  const { database } = options;
  const petitions = database
    .collection<{ _id: string; reference: string; unitCode: string; receivedAt: string }>(
      petitionAggregate.collection,
    )
    .find({}, { projection: { reference: 1, unitCode: 1, receivedAt: 1 } });
  for await (const p of petitions) {
    check({
      collection: "petitions",
      id: p._id,
      label: p.reference,
      unitCode: p.unitCode,
      day: localDateOf(p.receivedAt),
    });
  }
  const sessions = database
    .collection<{ _id: string; title: string; unitCode: string; scheduledAt: string }>(
      sessionAggregate.collection,
    )
    .find({}, { projection: { title: 1, unitCode: 1, scheduledAt: 1 } });
  for await (const s of sessions) {
    check({
      collection: "sessions",
      id: s._id,
      label: s.title,
      unitCode: s.unitCode,
      day: localDateOf(s.scheduledAt),
    });
  }
  const today = localDateOf(options.now);
  const holders = database
    .collection<{ _id: string; name: string; unitCode: string }>("reception_holders")
    .find({}, { projection: { name: 1, unitCode: 1 } });
  for await (const h of holders) {
    check({
      collection: "reception_holders",
      id: h._id,
      label: h.name,
      unitCode: h.unitCode,
      day: today,
    });
  }
  return { checked, problems };
}

import type { Database } from "@danvan/platform/mongo";
import { unitAbsence } from "@danvan/platform/reference";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { petitionAggregate } from "../data/petitions.ts";
import { RECEPTION_HOLDERS } from "../data/receptions.ts";
import { sessionAggregate } from "../data/sessions.ts";

/** One stored record whose unit the registry does not have on its day. */
export interface UnitProblem {
  /** The collection it is stored in: petitions, sessions, reception_holders. */
  collection: string;
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
  const today = localDateOf(options.now);
  /** Where facts name units: the field people know a record by, and the field of its day. */
  const sources = [
    { collection: petitionAggregate.collection, label: "reference", dayField: "receivedAt" },
    { collection: sessionAggregate.collection, label: "title", dayField: "scheduledAt" },
    { collection: RECEPTION_HOLDERS, label: "name", dayField: undefined },
  ] as const;
  const problems: UnitProblem[] = [];
  let checked = 0;
  for (const source of sources) {
    const records = options.database.collection<Record<string, string>>(source.collection).find(
      {},
      {
        projection: {
          unitCode: 1,
          [source.label]: 1,
          ...(source.dayField ? { [source.dayField]: 1 } : {}),
        },
      },
    );
    for await (const record of records) {
      checked += 1;
      if (checked % 1000 === 0) options.onProgress?.(checked);
      const unitCode = String(record.unitCode);
      const day = source.dayField ? localDateOf(String(record[source.dayField])) : today;
      const absence = unitAbsence(options.units, unitCode, day);
      if (absence === undefined) continue;
      problems.push({
        collection: source.collection,
        id: String(record._id),
        label: String(record[source.label]),
        unitCode,
        day,
        reason: absence.vi,
      });
    }
  }
  return { checked, problems };
}

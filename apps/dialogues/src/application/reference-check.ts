import type { TimelineEntry } from "@danvan/platform/aggregate";
import type { Database } from "@danvan/platform/mongo";
import { unitAbsence } from "@danvan/platform/reference";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import type { AgencyRegistry } from "../data/agencies.ts";
import { petitionAggregate } from "../data/petitions.ts";
import { RECEPTION_HOLDERS } from "../data/receptions.ts";
import { sessionAggregate } from "../data/sessions.ts";
import { agencyAbsence, provinceToday } from "./agencies.ts";

/** One stored record naming a unit or an agency that the reference data does not have on its day. */
export interface ReferenceProblem {
  /** The collection it is stored in: petitions, sessions, reception_holders. */
  collection: string;
  id: string;
  /** What people call it: a petition's reference, a session's title, a holder's name. */
  label: string;
  /** The unit's or the agency's code. */
  code: string;
  day: string;
  /** Why, in Vietnamese, as a command naming it would be told. */
  reason: string;
}

/** The events that set a petition's agency: the last of them is when it was last assigned. */
const ASSIGNING = new Set([
  "vn.danvan.dialogues.petition.assigned.v1",
  "vn.danvan.dialogues.petition.reassigned.v1",
]);

/**
 * Checks every stored petition, session and reception holder against the units, on the day of its
 * fact (receipt, the session's day, today for a holder), and every assigned petition's agency
 * against its province's registry on the day it was last assigned, as commands are checked now:
 * data written before those rules, or under another list, is reported, never changed or dropped.
 */
export async function checkStoredReferences(options: {
  database: Database;
  units: UnitRegistry;
  agencies: AgencyRegistry;
  now: Date;
  onProgress?: (done: number) => void;
}): Promise<{ checked: number; problems: ReferenceProblem[] }> {
  const today = localDateOf(options.now);
  /** Where facts name units: the field people know a record by, and the field of its day. */
  const sources = [
    { collection: petitionAggregate.collection, label: "reference", dayField: "receivedAt" },
    { collection: sessionAggregate.collection, label: "title", dayField: "scheduledAt" },
    { collection: RECEPTION_HOLDERS, label: "name", dayField: undefined },
  ] as const;
  const problems: ReferenceProblem[] = [];
  let checked = 0;
  for (const source of sources) {
    const isPetition = source.collection === petitionAggregate.collection;
    const records = options.database.collection<Record<string, unknown>>(source.collection).find(
      {},
      {
        projection: {
          unitCode: 1,
          [source.label]: 1,
          ...(source.dayField ? { [source.dayField]: 1 } : {}),
          ...(isPetition ? { agencyCode: 1, timeline: 1 } : {}),
        },
      },
    );
    for await (const record of records) {
      checked += 1;
      if (checked % 1000 === 0) options.onProgress?.(checked);
      const found = { collection: source.collection, id: String(record._id) };
      const label = String(record[source.label]);
      const unitCode = String(record.unitCode);
      const day = source.dayField ? localDateOf(String(record[source.dayField])) : today;
      const absence = unitAbsence(options.units, unitCode, day);
      if (absence !== undefined) {
        problems.push({ ...found, label, code: unitCode, day, reason: absence.vi });
        continue;
      }
      if (!isPetition || typeof record.agencyCode !== "string") continue;
      const assigned = ((record.timeline ?? []) as TimelineEntry[]).findLast((entry) =>
        ASSIGNING.has(entry.type),
      );
      const assignedDay = assigned ? localDateOf(assigned.at) : day;
      const province = provinceToday(options.units, unitCode, day, today);
      const agencyProblem =
        province === undefined
          ? undefined
          : agencyAbsence(
              options.agencies,
              options.units,
              province,
              record.agencyCode,
              assignedDay,
            );
      if (agencyProblem !== undefined) {
        problems.push({
          ...found,
          label,
          code: record.agencyCode,
          day: assignedDay,
          reason: agencyProblem.vi,
        });
      }
    }
  }
  return { checked, problems };
}

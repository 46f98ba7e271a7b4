import {
  type AdministrativeUnit,
  type LineageEvent,
  type UnitDataset,
  unitRecord,
} from "./model.ts";

/** What an import changes in a dataset: records by code and start date, lineage events whole. */
export interface UnitDatasetChanges {
  readonly added: readonly AdministrativeUnit[];
  readonly removed: readonly AdministrativeUnit[];
  /** Records of the same code and start whose name, kind, parent or end changed: before → after. */
  readonly changed: readonly {
    readonly before: AdministrativeUnit;
    readonly after: AdministrativeUnit;
  }[];
  readonly unchanged: number;
  readonly lineageAdded: readonly LineageEvent[];
  readonly lineageRemoved: readonly LineageEvent[];
}

const recordKey = (unit: AdministrativeUnit) => `${unit.code}|${unit.validFrom}`;
const unitFields = (unit: AdministrativeUnit) => JSON.stringify(unitRecord(unit));
const eventFields = ({ kind, effective, from, to, attributeTo, basis }: LineageEvent) =>
  JSON.stringify([kind, effective, from, to, attributeTo, basis]);

/** Compares two validated (normalised) datasets. */
export function diffUnitDatasets(before: UnitDataset, after: UnitDataset): UnitDatasetChanges {
  const previous = new Map(before.units.map((unit) => [recordKey(unit), unit]));
  const next = new Map(after.units.map((unit) => [recordKey(unit), unit]));
  const added = after.units.filter((unit) => !previous.has(recordKey(unit)));
  const removed = before.units.filter((unit) => !next.has(recordKey(unit)));
  const changed: { before: AdministrativeUnit; after: AdministrativeUnit }[] = [];
  let unchanged = 0;
  for (const unit of after.units) {
    const old = previous.get(recordKey(unit));
    if (old === undefined) continue;
    if (unitFields(old) === unitFields(unit)) unchanged += 1;
    else changed.push({ before: old, after: unit });
  }
  const oldEvents = new Set(before.lineage.map(eventFields));
  const newEvents = new Set(after.lineage.map(eventFields));
  return {
    added,
    removed,
    changed,
    unchanged,
    lineageAdded: after.lineage.filter((event) => !oldEvents.has(eventFields(event))),
    lineageRemoved: before.lineage.filter((event) => !newEvents.has(eventFields(event))),
  };
}

export function hasChanges(changes: UnitDatasetChanges): boolean {
  return (
    changes.added.length +
      changes.removed.length +
      changes.changed.length +
      changes.lineageAdded.length +
      changes.lineageRemoved.length >
    0
  );
}

/** One line per kind of change, with up to `examples` of each, for the import command. */
export function describeChanges(changes: UnitDatasetChanges, examples = 3): string[] {
  const unit = (u: AdministrativeUnit) =>
    `${u.code} ${u.name} (${u.validFrom}–${u.validTo ?? "…"})`;
  const sample = <T>(items: readonly T[], show: (item: T) => string) =>
    items.length === 0
      ? ""
      : `: ${items.slice(0, examples).map(show).join("; ")}${items.length > examples ? "; …" : ""}`;
  const event = (e: LineageEvent) =>
    `${e.kind} ${e.from.join("+")} → ${e.to.join("+") || "∅"} on ${e.effective}`;
  return [
    `${changes.added.length} unit record(s) added${sample(changes.added, unit)}`,
    `${changes.removed.length} removed${sample(changes.removed, unit)}`,
    `${changes.changed.length} changed${sample(changes.changed, ({ before, after }) => `${unit(before)} → ${unit(after)}`)}`,
    `${changes.unchanged} unchanged`,
    `${changes.lineageAdded.length} lineage event(s) added${sample(changes.lineageAdded, event)}`,
    `${changes.lineageRemoved.length} lineage event(s) removed${sample(changes.lineageRemoved, event)}`,
  ];
}

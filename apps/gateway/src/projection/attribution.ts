import type { LocalDate } from "@danvan/vietnam/calendar";
import type { AdministrativeUnit, UnitRegistry } from "@danvan/vietnam/units";
import type { Period } from "./periods.ts";

/**
 * Which units a past fact counts for (docs/domain.md, "Administrative units"): `re-attributed`,
 * today's — facts of units the 2025 reform merged or divided count for their successors (a split
 * for the one its lineage names), so today's province adds up everything that happened on its
 * territory; `as-recorded`, the unit the fact was recorded under, with the map of its time.
 */
export const ATTRIBUTIONS = ["re-attributed", "as-recorded"] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

/** `code` and every unit below it on `day`'s map. */
function subtree(units: UnitRegistry, code: string, day: LocalDate): string[] {
  const codes = [code];
  for (let i = 0; i < codes.length; i++) {
    for (const child of units.children(codes[i] as string, day)) codes.push(child.code);
  }
  return codes;
}

/** Answers worked out once per registry: dashboards ask the same units and periods again and again. */
const memos = new WeakMap<UnitRegistry, Map<string, unknown>>();
function remembered<T>(units: UnitRegistry, key: string, compute: () => T): T {
  let memo = memos.get(units);
  if (memo === undefined) {
    memo = new Map();
    memos.set(units, memo);
  }
  if (memo.has(key)) return memo.get(key) as T;
  if (memo.size > 20_000) memo.clear();
  const value = compute();
  memo.set(key, value);
  return value;
}

/**
 * The recorded unit codes whose stored figures of one day or month make `unitCode`'s. Maps are
 * taken on the period's first and last day: a reform takes effect on a day, and a month that
 * holds one counts both sides of it.
 */
export function recordedCodes(
  units: UnitRegistry,
  unitCode: string,
  part: Period,
  today: LocalDate,
  attribution: Attribution,
): string[] {
  return remembered(units, `codes|${unitCode}|${part.key}|${attribution}|${today}`, () => {
    const days = part.firstDay === part.lastDay ? [part.firstDay] : [part.firstDay, part.lastDay];
    const codes = new Set<string>();
    if (attribution === "as-recorded") {
      for (const day of days) {
        if (!units.validAt(unitCode, day)) continue;
        for (const code of subtree(units, unitCode, day)) codes.add(code);
      }
      return [...codes];
    }
    for (const current of subtree(units, unitCode, today)) {
      for (const day of days) {
        // A code with no record that day keeps its own facts (recorded before the list begins).
        if (!units.validAt(current, day)) codes.add(current);
        for (const source of units.attributedFromAt(current, day, today)) {
          for (const code of subtree(units, source.code, day)) codes.add(code);
        }
      }
    }
    return [...codes];
  });
}

/** The days of a record, as local dates (`to` inclusive; open while the unit exists). */
export interface RecordedRange {
  from: LocalDate;
  to?: LocalDate;
}

/** Today's unit each record's facts count for, re-attributed: today's code → the records. */
function attributedIndex(units: UnitRegistry, today: LocalDate): Map<string, AdministrativeUnit[]> {
  return remembered(units, `index|${today}`, () => {
    const index = new Map<string, AdministrativeUnit[]>();
    for (const record of units.dataset.units) {
      const target = units.attributedAt(record.code, record.validTo ?? today, today);
      if (target === undefined) continue;
      index.set(target.code, [...(index.get(target.code) ?? []), record]);
    }
    return index;
  });
}

/**
 * Where and when facts count for `unitCode`, whatever their day: recorded codes with the days
 * of the records that count — for lists of facts (alerts) rather than a period's figures.
 * Re-attributed: the records whose facts today's subtree inherits (a code reused by another
 * unit counts only in its own days); as recorded: the unit's records and those below them, in
 * the unit's days.
 */
export function recordedRanges(
  units: UnitRegistry,
  unitCode: string,
  today: LocalDate,
  attribution: Attribution,
): Map<string, RecordedRange[]> {
  return remembered(units, `ranges|${unitCode}|${attribution}|${today}`, () => {
    const ranges = new Map<string, RecordedRange[]>();
    const add = (code: string, range: RecordedRange) =>
      ranges.set(code, [...(ranges.get(code) ?? []), range]);
    if (attribution === "as-recorded") {
      for (const record of units.history(unitCode)) {
        const last = record.validTo ?? today;
        for (const day of new Set([record.validFrom, last])) {
          for (const code of subtree(units, unitCode, day)) {
            add(code, {
              from: record.validFrom,
              ...(record.validTo ? { to: record.validTo } : {}),
            });
          }
        }
      }
      return ranges;
    }
    const index = attributedIndex(units, today);
    for (const current of subtree(units, unitCode, today)) {
      for (const record of index.get(current) ?? []) {
        add(record.code, {
          from: record.validFrom,
          ...(record.validTo ? { to: record.validTo } : {}),
        });
      }
    }
    return ranges;
  });
}

/** Whether a fact of `code` on `day` is within the ranges. */
export const withinRanges = (
  ranges: Map<string, RecordedRange[]>,
  code: string,
  day: LocalDate,
): boolean =>
  (ranges.get(code) ?? []).some(
    (range) => range.from <= day && (range.to === undefined || day <= range.to),
  );

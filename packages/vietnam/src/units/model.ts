import type { LocalDate } from "../calendar/local-date.ts";

export const UNIT_LEVELS = ["province", "district", "commune"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/**
 * The kinds of unit at each level, named after their Vietnamese titles:
 * - province: tỉnh, thành phố trực thuộc trung ương;
 * - district (until 30 June 2025): huyện, thị xã, thành phố thuộc tỉnh, quận, and thành phố
 *   thuộc thành phố trực thuộc trung ương (Thủ Đức, 2021–2025);
 * - commune: xã, phường, thị trấn (until 30 June 2025), đặc khu (special zone, from 1 July 2025).
 */
export const UNIT_KINDS_BY_LEVEL = {
  province: ["tinh", "thanh_pho_truc_thuoc_trung_uong"],
  district: ["huyen", "thi_xa", "thanh_pho_thuoc_tinh", "quan", "thanh_pho_thuoc_thanh_pho"],
  commune: ["xa", "phuong", "thi_tran", "dac_khu"],
} as const satisfies Record<UnitLevel, readonly string[]>;
export const UNIT_KINDS = [
  ...UNIT_KINDS_BY_LEVEL.province,
  ...UNIT_KINDS_BY_LEVEL.district,
  ...UNIT_KINDS_BY_LEVEL.commune,
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Code length per level (Decision 19/2025/QĐ-TTg and the GSO codes before it). */
export const CODE_LENGTH: Record<UnitLevel, number> = { province: 2, district: 3, commune: 5 };

/**
 * What a code of the given levels looks like: the one definition every schema of unit codes is
 * built from (a province, a pre-2025 district, a commune, or any of them).
 */
export function unitCodePattern(levels: readonly UnitLevel[] = UNIT_LEVELS): RegExp {
  const lengths = [...new Set(levels.map((level) => CODE_LENGTH[level]))].sort((a, b) => a - b);
  return new RegExp(`^(${lengths.map((n) => `\\d{${n}}`).join("|")})$`);
}

/** The day the two-tier local government began and the district level ended. */
export const TWO_TIER_REFORM_DATE: LocalDate = "2025-07-01";

/**
 * One unit during one period. A code may have several records over time (a surviving unit keeps
 * its code while its territory, name or parent changes); records of one code never overlap, and a
 * code never passes to a different unit. `validTo` is the last day of validity, inclusive.
 */
export interface AdministrativeUnit {
  readonly code: string;
  readonly name: string;
  readonly level: UnitLevel;
  readonly kind: UnitKind;
  readonly parentCode?: string;
  readonly validFrom: LocalDate;
  readonly validTo?: LocalDate;
}

/** The unit's own fields in one order, optional ones absent rather than undefined: for files and answers. */
export function unitRecord({
  code,
  name,
  level,
  kind,
  parentCode,
  validFrom,
  validTo,
}: AdministrativeUnit): AdministrativeUnit {
  return {
    code,
    name,
    level,
    kind,
    ...(parentCode === undefined ? {} : { parentCode }),
    validFrom,
    ...(validTo === undefined ? {} : { validTo }),
  };
}

export const LINEAGE_KINDS = ["merge", "split", "rename", "reparent", "abolish"] as const;
export type LineageKind = (typeof LINEAGE_KINDS)[number];

/**
 * A change on `effective`: the records of the `from` codes end the day before, the records of the
 * `to` codes begin that day. merge: several → one; split: one → several (with the successor its
 * past facts are re-attributed to); rename: one → one (name, kind, level or code changes);
 * reparent: one code → itself under another parent; abolish: → none.
 */
export interface LineageEvent {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly kind: LineageKind;
  readonly effective: LocalDate;
  readonly basis: string;
  /**
   * A split's rule for figures "re-attributed to today's units": the one `to` code that the split
   * unit's past facts count for, so that no fact is counted twice. Required on a split, absent on
   * the other kinds (their successor is unique, or there is none).
   */
  readonly attributeTo?: string;
}

export interface UnitDataset {
  readonly units: readonly AdministrativeUnit[];
  readonly lineage: readonly LineageEvent[];
}

/** A problem in a dataset, with the line of the file it came from when there was a file. */
export interface DatasetIssue {
  readonly section: "units" | "lineage" | "dataset";
  readonly line?: number;
  readonly message: string;
}

export function datasetIssue(
  section: DatasetIssue["section"],
  message: string,
  line?: number,
): DatasetIssue {
  return line === undefined ? { section, message } : { section, line, message };
}

export type DatasetResult =
  | { readonly ok: true; readonly dataset: UnitDataset }
  | { readonly ok: false; readonly errors: readonly DatasetIssue[] };

export function describePeriod(unit: Pick<AdministrativeUnit, "validFrom" | "validTo">): string {
  return `${unit.validFrom}–${unit.validTo ?? "…"}`;
}

export function isValidOn(
  unit: Pick<AdministrativeUnit, "validFrom" | "validTo">,
  date: LocalDate,
): boolean {
  return unit.validFrom <= date && (unit.validTo === undefined || date <= unit.validTo);
}

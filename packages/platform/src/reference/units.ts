import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { addDays, formatVietnameseDate, type LocalDate } from "@danvan/vietnam/calendar";
import type { AdministrativeUnit, LineageEvent, UnitRegistry } from "@danvan/vietnam/units";
import {
  createUnitRegistry,
  officialUnitsFile,
  parseUnitsJson,
  sampleUnitDataset,
} from "@danvan/vietnam/units";
import { ConfigError } from "../config/index.ts";
import { ReferenceRefusedError, type Text } from "../domain/index.ts";

/** `UNITS_FILE=sample`: the small sample of @danvan/vietnam, for tests and small demos. */
export const SAMPLE_UNITS = "sample";

/**
 * The administrative units a service checks facts against and adds figures up by (UNITS_FILE):
 * a dataset file written by the units importer, the built-in sample (`sample`), or, when unset,
 * the whole country shipped with @danvan/vietnam. A file that cannot be read or is not a valid
 * dataset stops the start with its first problems.
 */
export async function loadUnitRegistry(setting: string | undefined): Promise<UnitRegistry> {
  if (setting === SAMPLE_UNITS) return createUnitRegistry(sampleUnitDataset);
  const file = setting ?? fileURLToPath(officialUnitsFile);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError([`UNITS_FILE: cannot read ${file} (${(error as Error).message})`]);
  }
  const parsed = parseUnitsJson(text);
  if (!parsed.ok) {
    throw new ConfigError(
      parsed.errors.slice(0, 10).map((e) => `UNITS_FILE: ${file}:${e.line ?? "?"}: ${e.message}`),
    );
  }
  return createUnitRegistry(parsed.dataset);
}

const named = (unit: AdministrativeUnit) => `${unit.name} (${unit.code})`;
const listed = (units: readonly AdministrativeUnit[]) => units.map(named).join(", ");

/** What became of a unit the day after its record ended, in Vietnamese and English. */
function whatBecame(
  ended: AdministrativeUnit,
  event: LineageEvent | undefined,
  successors: readonly AdministrativeUnit[],
): Text {
  const from = formatVietnameseDate(addDays(ended.validTo as LocalDate, 1));
  const fromEn = addDays(ended.validTo as LocalDate, 1);
  if (successors.length === 0) {
    return {
      vi: `Đơn vị ${named(ended)} không còn từ ${from}`,
      en: `${named(ended)} ceased to exist on ${fromEn}`,
    };
  }
  switch (event?.kind) {
    case "split":
      return {
        vi: `Đơn vị ${named(ended)} đã được chia vào ${listed(successors)} từ ${from}`,
        en: `${named(ended)} was divided among ${listed(successors)} on ${fromEn}`,
      };
    case "rename":
      return {
        vi: `Đơn vị ${named(ended)} đã đổi thành ${listed(successors)} từ ${from}`,
        en: `${named(ended)} became ${listed(successors)} on ${fromEn}`,
      };
    default:
      return {
        vi: `Đơn vị ${named(ended)} đã sáp nhập vào ${listed(successors)} từ ${from}`,
        en: `${named(ended)} was merged into ${listed(successors)} on ${fromEn}`,
      };
  }
}

/**
 * Why `code` is not a unit on `day`, in words a user can act on — no such code; the unit was
 * merged, divided, renamed or abolished (naming its successors and the day); or it only begins
 * later — or undefined when it is one. Commands refuse with it (`requireUnitOn`, 422), and reads
 * of a unit that is not there answer it (404).
 */
export function unitAbsence(units: UnitRegistry, code: string, day: LocalDate): Text | undefined {
  if (units.get(code, day) !== undefined) return undefined;
  const history = units.history(code);
  const ended = history
    .filter((record) => record.validTo !== undefined && record.validTo < day)
    .at(-1);
  if (ended !== undefined) {
    const effective = addDays(ended.validTo as LocalDate, 1);
    const event = units
      .lineageOf(code)
      .find((candidate) => candidate.effective === effective && candidate.from.includes(code));
    return whatBecame(ended, event, units.successorsAt(code, day, ended.validFrom));
  }
  const later = history.find((record) => record.validFrom > day);
  if (later !== undefined) {
    return {
      vi: `Đơn vị ${named(later)} chỉ có từ ${formatVietnameseDate(later.validFrom)}, sau ngày ${formatVietnameseDate(day)}`,
      en: `${named(later)} exists only from ${later.validFrom}, after ${day}`,
    };
  }
  return {
    vi: `Không có đơn vị hành chính nào mang mã ${code}`,
    en: `No administrative unit has the code ${code}`,
  };
}

/**
 * The unit `code` as it is on `day`, the day of the fact that names it; otherwise
 * ReferenceRefusedError (HTTP 422) on `field`, saying why (`unitAbsence`).
 */
export function requireUnitOn(
  units: UnitRegistry,
  code: string,
  day: LocalDate,
  field: string,
): AdministrativeUnit {
  const absence = unitAbsence(units, code, day);
  if (absence !== undefined) throw new ReferenceRefusedError(field, absence);
  return units.get(code, day) as AdministrativeUnit;
}

import { agencyCodeSchema, localDateSchema } from "@danvan/contracts";
import { ReferenceRefusedError, type Text } from "@danvan/platform/domain";
import type { LocalDate } from "@danvan/vietnam/calendar";
import { addDays, formatVietnameseDate } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { z } from "zod";
import type { AgencyRegistry } from "../data/agencies.ts";
import { type Agency, isAgencyValidOn } from "../domain/agency/agency.ts";

/**
 * The province a fact of `unitCode` on `day` belongs to today: the unit's province then (itself,
 * or above it), followed through the 2025 merger of provinces to today's.
 */
export function provinceToday(
  units: UnitRegistry,
  unitCode: string,
  day: LocalDate,
  today: LocalDate,
): string | undefined {
  const unit = units.get(unitCode, day);
  if (unit === undefined) return undefined;
  const province =
    unit.level === "province"
      ? unit
      : units.ancestors(unitCode, day).find((u) => u.level === "province");
  if (province === undefined) return undefined;
  return units.attributedAt(province.code, day, today)?.code ?? province.code;
}

/**
 * Why `code` is not an agency of the province active on `day`, in words (the province has no
 * such agency, or it was not active that day); undefined when it is.
 */
export function agencyAbsence(
  agencies: AgencyRegistry,
  units: UnitRegistry,
  provinceCode: string,
  code: string,
  day: LocalDate,
): Text | undefined {
  const agency = agencies.find(provinceCode, code);
  const province = units.get(provinceCode, day)?.name ?? `tỉnh ${provinceCode}`;
  if (agency === undefined) {
    return {
      vi: `Không có cơ quan mã ${code} trong danh mục cơ quan của ${province}`,
      en: `${code} is not an agency of ${province}`,
    };
  }
  if (isAgencyValidOn(agency, day)) return undefined;
  if (agency.validTo !== undefined && agency.validTo < day) {
    const from = addDays(agency.validTo, 1);
    return {
      vi: `Cơ quan ${agency.name} (${code}) đã thôi hoạt động từ ${formatVietnameseDate(from)}`,
      en: `${agency.name} (${code}) ceased on ${from}`,
    };
  }
  return {
    vi: `Cơ quan ${agency.name} (${code}) chỉ hoạt động từ ${formatVietnameseDate(agency.validFrom)}`,
    en: `${agency.name} (${code}) is active only from ${agency.validFrom}`,
  };
}

/** The agency `code` of the province, active on `day`; otherwise ReferenceRefusedError (422) on `field`. */
export function requireAgencyOn(
  agencies: AgencyRegistry,
  units: UnitRegistry,
  provinceCode: string,
  code: string,
  day: LocalDate,
  field: string,
): Agency {
  const absence = agencyAbsence(agencies, units, provinceCode, code, day);
  if (absence !== undefined) throw new ReferenceRefusedError(field, absence);
  return agencies.find(provinceCode, code) as Agency;
}

/** An agency list file: `{"agencies": [{code, name, validFrom, validTo?}]}` for one province. */
export const agencyFileSchema = z.strictObject({
  agencies: z
    .array(
      z
        .strictObject({
          code: agencyCodeSchema,
          name: z.string().trim().min(1).max(300),
          validFrom: localDateSchema,
          validTo: localDateSchema.optional(),
        })
        .refine((agency) => agency.validTo === undefined || agency.validFrom <= agency.validTo, {
          error: "validTo is before validFrom",
          path: ["validTo"],
        }),
    )
    .min(1),
});

/** Registers a province's agencies from a list: idempotent, with what it changed. */
export async function importAgencies(options: {
  registry: AgencyRegistry;
  provinceCode: string;
  list: z.output<typeof agencyFileSchema>;
  actor: string;
  now: Date;
}): Promise<Record<"added" | "changed" | "unchanged", number>> {
  const counts = { added: 0, changed: 0, unchanged: 0 };
  for (const agency of options.list.agencies) {
    const outcome = await options.registry.put(
      { ...agency, provinceCode: options.provinceCode },
      options.actor,
      options.now,
    );
    counts[outcome] += 1;
  }
  return counts;
}

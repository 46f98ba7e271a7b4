import { unitCodeSchema } from "@danvan/contracts";
import type { Text } from "@danvan/platform/domain";
import type { Route } from "@danvan/platform/http";
import {
  fields,
  pageAnswer,
  pageSchema,
  pageWindow,
  problems,
  publicRoute,
} from "@danvan/platform/http";
import { unitAbsence } from "@danvan/platform/reference";
import { addDays, formatVietnameseDate, todayInVietnam } from "@danvan/vietnam/calendar";
import { compareVietnamese } from "@danvan/vietnam/text";
import type { AdministrativeUnit, LineageEvent, UnitRegistry } from "@danvan/vietnam/units";
import { LINEAGE_KINDS, UNIT_KINDS, UNIT_LEVELS, unitRecord } from "@danvan/vietnam/units";
import { z } from "zod";

const TAG = "Đơn vị hành chính";

export const unitsQuery = z.strictObject({
  /** Words of the name or code, with or without diacritics, in either normalisation form. */
  q: fields.searchText.optional(),
  level: z.enum(UNIT_LEVELS).optional(),
  /** Only the units directly under this one. */
  parent: unitCodeSchema.optional(),
  /** The day the units are valid on; today in Vietnam when omitted. */
  at: fields.date.optional(),
  ...fields.paging,
});
const unitParams = z.strictObject({ code: unitCodeSchema });
const unitQuery = z.strictObject({ at: fields.date.optional() });

export const unitRecordSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(UNIT_LEVELS),
  kind: z.enum(UNIT_KINDS),
  parentCode: z.string().optional(),
  validFrom: z.string(),
  validTo: z.string().optional(),
});
const unitRef = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(UNIT_LEVELS),
  validFrom: z.string(),
  validTo: z.string().optional(),
});
const changeSchema = z.object({
  kind: z.enum(LINEAGE_KINDS),
  effective: z.string(),
  /** The units of the change; an abolition of many at once names only this one. */
  from: z.array(unitRef),
  to: z.array(unitRef),
  attributeTo: z.string().optional(),
  basis: z.string(),
});
export const unitDetailSchema = unitRecordSchema.extend({
  /** Every record of the code, oldest first: its names, kinds and parents over time. */
  history: z.array(unitRecordSchema),
  parent: unitRef.optional(),
  children: z.array(unitRef),
  /** The units this record came from on the day it began. */
  predecessors: z.array(unitRef),
  /** What this record became on the day after it ended. */
  successors: z.array(unitRef),
  /** The lineage events that began or ended any record of the code. */
  changes: z.array(changeSchema),
});

const ref = ({ code, name, level, validFrom, validTo }: AdministrativeUnit) => ({
  code,
  name,
  level,
  validFrom,
  ...(validTo === undefined ? {} : { validTo }),
});
/** `day`, or the nearest day of the record's period when it falls outside. */
function dayWithin(unit: AdministrativeUnit, day: string): string {
  if (day < unit.validFrom) return unit.validFrom;
  if (unit.validTo !== undefined && unit.validTo < day) return unit.validTo;
  return day;
}

const byName = (a: AdministrativeUnit, b: AdministrativeUnit) =>
  compareVietnamese(a.name, b.name) || (a.code < b.code ? -1 : 1);

/**
 * The administrative units, as public reference data: today's and those before the 2025 reform,
 * with their history and lineage (README, "Administrative units").
 */
export function unitRoutes(deps: { units: UnitRegistry; now?: () => Date }): Route[] {
  const { units } = deps;
  const today = () => todayInVietnam((deps.now ?? (() => new Date()))());
  /** The whole list of a day in name order: sorted once, not on every public request. */
  const byNameOn = new Map<string, AdministrativeUnit[]>();
  const validOnByName = (day: string) => {
    let sorted = byNameOn.get(day);
    if (sorted === undefined) {
      if (byNameOn.size > 100) byNameOn.clear();
      sorted = units.validOn(day).sort(byName);
      byNameOn.set(day, sorted);
    }
    return sorted;
  };

  function change(event: LineageEvent, code: string) {
    const unitOn = (day: string) => (c: string) => units.get(c, day);
    const dayBefore = addDays(event.effective, -1);
    const from = (event.kind === "abolish" ? [code] : event.from)
      .map(unitOn(dayBefore))
      .filter((unit) => unit !== undefined);
    return {
      kind: event.kind,
      effective: event.effective,
      from: from.map(ref),
      to: event.to
        .map(unitOn(event.effective))
        .filter((unit) => unit !== undefined)
        .map(ref),
      ...(event.attributeTo === undefined ? {} : { attributeTo: event.attributeTo }),
      basis: event.basis,
    };
  }

  return [
    publicRoute({
      method: "get",
      path: "/api/v1/units",
      operationId: "listUnits",
      tag: TAG,
      summary:
        "Tìm đơn vị hành chính theo tên (có hoặc không dấu) hay mã, theo cấp, đơn vị cấp trên và ngày hiệu lực",
      query: unitsQuery,
      responses: { 200: { description: "Một trang đơn vị", schema: pageSchema(unitRecordSchema) } },
      async handle({ query }) {
        const at = query.at ?? today();
        const candidates =
          query.q !== undefined && query.q.trim() !== ""
            ? units.search(query.q, { at })
            : query.parent !== undefined
              ? units.children(query.parent, at).sort(byName)
              : validOnByName(at);
        const found = candidates.filter(
          (unit) =>
            (query.level === undefined || unit.level === query.level) &&
            (query.parent === undefined || unit.parentCode === query.parent),
        );
        const { offset, limit } = pageWindow(query);
        return {
          headers: { "cache-control": "public, max-age=3600" },
          body: pageAnswer(query, {
            total: found.length,
            items: found.slice(offset, offset + limit).map(unitRecord),
          }),
        };
      },
    }),

    publicRoute({
      method: "get",
      path: "/api/v1/units/:code",
      operationId: "getUnit",
      tag: TAG,
      summary:
        "Một đơn vị hành chính theo mã: tên qua các thời kỳ, cấp trên, đơn vị trực thuộc, đơn vị tiền thân và kế thừa",
      params: unitParams,
      query: unitQuery,
      responses: { 200: { description: "Đơn vị và lịch sử của nó", schema: unitDetailSchema } },
      problems: [404],
      async handle({ params, query }) {
        const history = units.history(params.code);
        if (history.length === 0) {
          throw problems.notFound(unitAbsence(units, params.code, today()));
        }
        // Asked for a day: the record of that day. Otherwise today's, or the last one it had.
        const day = query.at ?? today();
        const current =
          units.get(params.code, day) ?? (query.at === undefined ? history.at(-1) : undefined);
        if (current === undefined) {
          const why = unitAbsence(units, params.code, day) as Text;
          throw problems.notFound({
            vi: `Mã ${params.code} không thuộc đơn vị nào vào ngày ${formatVietnameseDate(day)}: ${why.vi}`,
            en: `The code ${params.code} belonged to no unit on ${day}: ${why.en}`,
          });
        }
        const seenOn = dayWithin(current, day);
        const parent =
          current.parentCode === undefined ? undefined : units.get(current.parentCode, seenOn);
        return {
          headers: { "cache-control": "public, max-age=3600" },
          body: {
            ...unitRecord(current),
            history: history.map(unitRecord),
            ...(parent === undefined ? {} : { parent: ref(parent) }),
            children: units.children(current.code, seenOn).sort(byName).map(ref),
            predecessors: units
              .predecessorsAt(current.code, addDays(current.validFrom, -1), current.validFrom)
              .map(ref),
            successors:
              current.validTo === undefined
                ? []
                : units
                    .successorsAt(current.code, addDays(current.validTo, 1), current.validFrom)
                    .map(ref),
            changes: units.lineageOf(current.code).map((event) => change(event, current.code)),
          },
        };
      },
    }),
  ];
}

import type { Route } from "@danvan/platform/http";
import { fields, pageAnswer, pageSchema, pageWindow, problems, route } from "@danvan/platform/http";
import { requireUnitOn } from "@danvan/platform/reference";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { z } from "zod";
import type { AgencyRegistry } from "../data/agencies.ts";
import { accessPolicy } from "../domain/access.ts";

const TAG = "Cơ quan giải quyết";
const provinceCode = z.string().regex(/^\d{2}$/);
const agencyParams = z.strictObject({ province: provinceCode, code: fields.agencyCode });

export const agencyBody = z.strictObject({
  name: fields.text(300),
  validFrom: fields.date,
  /** The last day it is active, when it ends (merged, dissolved). */
  validTo: fields.date.optional(),
});

const agencySchema = z.object({
  provinceCode: z.string(),
  code: z.string(),
  name: z.string(),
  validFrom: z.string(),
  validTo: z.string().optional(),
});
const changeSchema = z.object({
  version: z.int(),
  before: agencySchema.optional(),
  after: agencySchema,
  at: z.string(),
  actor: z.string(),
});

/** The agencies petitions are assigned to, per province: read by everyone, kept by administrators. */
export function agencyRoutes(deps: {
  agencies: AgencyRegistry;
  units: UnitRegistry;
  now: () => Date;
}): Route[] {
  const today = () => localDateOf(deps.now());
  return [
    route({
      method: "get",
      path: "/agencies",
      operationId: "listAgencies",
      tag: TAG,
      summary: "Danh mục cơ quan giải quyết kiến nghị của một tỉnh, theo ngày hiệu lực",
      query: z.strictObject({
        province: provinceCode.optional(),
        q: fields.searchText.optional(),
        /** Active on this day; every agency, past and present, without it. */
        at: fields.date.optional(),
        ...fields.paging,
      }),
      responses: { 200: { description: "Một trang cơ quan", schema: pageSchema(agencySchema) } },
      async handle({ query }) {
        const found = deps.agencies.list(query.province, {
          ...(query.at ? { day: query.at } : {}),
          ...(query.q ? { q: query.q } : {}),
        });
        const { offset, limit } = pageWindow(query);
        return {
          body: pageAnswer(query, {
            total: found.length,
            items: found.slice(offset, offset + limit),
          }),
        };
      },
    }),
    route({
      method: "get",
      path: "/agencies/:province/:code",
      operationId: "getAgency",
      tag: TAG,
      summary: "Một cơ quan và lịch sử thay đổi của nó",
      params: agencyParams,
      responses: {
        200: {
          description: "Cơ quan",
          schema: agencySchema.extend({ changes: z.array(changeSchema) }),
        },
      },
      problems: [404],
      async handle({ params }) {
        const agency = deps.agencies.find(params.province, params.code);
        if (agency === undefined) {
          throw problems.notFound({
            vi: `Không có cơ quan mã ${params.code} trong danh mục của tỉnh ${params.province}`,
            en: `No agency ${params.code} in province ${params.province}`,
          });
        }
        const changes = await deps.agencies.history(params.province, params.code);
        return {
          body: {
            ...agency,
            changes: changes.map(({ provinceCode: _p, code: _c, ...change }) => change),
          },
        };
      },
    }),
    route({
      method: "put",
      path: "/agencies/:province/:code",
      operationId: "registerAgency",
      tag: TAG,
      access: accessPolicy.gate("agency.register"),
      summary: "Thêm hoặc sửa một cơ quan trong danh mục của tỉnh (tên, thời gian hoạt động)",
      params: agencyParams,
      body: agencyBody,
      responses: {
        200: {
          description: "Cơ quan, và thay đổi đã ghi (added, changed, unchanged)",
          schema: agencySchema.extend({ outcome: z.enum(["added", "changed", "unchanged"]) }),
        },
      },
      problems: [403, 409, 422],
      async handle({ params, body, user, log }) {
        requireUnitOn(deps.units, params.province, today(), "province");
        if (body.validTo !== undefined && body.validTo < body.validFrom) {
          throw problems.refused({
            vi: "Ngày kết thúc không được trước ngày bắt đầu hoạt động",
            en: "validTo cannot be before validFrom",
          });
        }
        const agency = { provinceCode: params.province, code: params.code, ...body };
        const outcome = await deps.agencies.put(agency, user.sub, deps.now());
        log.info(
          { user: user.sub, agency: `${params.province}:${params.code}`, outcome },
          "agency registered",
        );
        return { body: { ...agency, outcome } };
      },
    }),
  ];
}

import type { Route } from "@danvan/platform/http";
import { fields, problems, route } from "@danvan/platform/http";
import { HolidayTableError, loadHolidayTable } from "@danvan/vietnam/calendar";
import { z } from "zod";
import { replaceHolidayTable } from "../application/holidays.ts";
import type { PetitionStore } from "../application/petitions.ts";
import type { HolidayTableSource } from "../data/holiday-table.ts";
import type { PetitionQueries } from "../data/petitions.ts";
import { accessPolicy } from "../domain/access.ts";

export const holidayTableBody = z.strictObject({
  /** The years of the table, in the format of @danvan/vietnam's holiday files. */
  years: z.array(z.unknown()).min(1).max(50),
  reason: fields.text(1000),
});

const holidayTableInForce = z.object({
  /** 0: the table shipped with the service; each replacement adds one. */
  version: z.int(),
  years: z.array(
    z.object({
      year: z.int(),
      status: z.enum(["official", "provisional"]),
      note: z.string().optional(),
      days: z.array(
        z.object({ date: z.string(), name: z.string(), kind: z.string(), basis: z.string() }),
      ),
    }),
  ),
  reason: z.string().optional(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
  changes: z.array(
    z.object({
      version: z.int(),
      reason: z.string(),
      at: z.string(),
      actor: z.string(),
      years: z.array(z.object({ year: z.int(), status: z.string() })),
    }),
  ),
});

export function holidayRoutes(deps: {
  source: HolidayTableSource;
  petitions: PetitionStore;
  queries: PetitionQueries;
}): Route[] {
  return [
    route({
      method: "get",
      path: "/holiday-table",
      operationId: "getHolidayTable",
      tag: "Lịch làm việc",
      summary:
        "Bảng ngày nghỉ lễ đang áp dụng: từng năm, nguồn, chính thức hay tạm tính, và lịch sử thay đổi",
      responses: { 200: { description: "Bảng đang áp dụng", schema: holidayTableInForce } },
      async handle() {
        const { version, table, reason, updatedAt, updatedBy } = deps.source.inForce();
        return {
          headers: { "cache-control": "no-store" },
          body: {
            version,
            years: table.years,
            ...(reason === undefined ? {} : { reason }),
            ...(updatedAt === undefined ? {} : { updatedAt }),
            ...(updatedBy === undefined ? {} : { updatedBy }),
            changes: await deps.source.changes(),
          },
        };
      },
    }),
    route({
      method: "put",
      path: "/holiday-table",
      operationId: "replaceHolidayTable",
      tag: "Lịch làm việc",
      access: accessPolicy.gate("holidayTable.replace"),
      summary: "Thay bảng ngày nghỉ lễ và tính lại thời hạn đang chạy (có lý do)",
      body: holidayTableBody,
      responses: {
        200: {
          description: "Phiên bản mới của bảng và số thời hạn đã tính lại",
          schema: z.object({ version: z.int(), recomputed: z.int() }),
        },
      },
      problems: [403, 409, 422],
      async handle(input) {
        const { years, reason } = input.body;
        let table: ReturnType<typeof loadHolidayTable>;
        try {
          table = loadHolidayTable(years);
        } catch (error) {
          if (!(error instanceof HolidayTableError)) throw error;
          throw problems.refused({
            vi: `Bảng ngày nghỉ không hợp lệ: ${error.issues.join("; ")}`,
            en: `Invalid holiday table: ${error.issues.join("; ")}`,
          });
        }
        const result = await replaceHolidayTable({
          table,
          reason,
          source: deps.source,
          queries: deps.queries,
          petitions: deps.petitions,
          now: new Date(),
          meta: input.meta,
          logger: input.log,
        });
        input.log.info({ user: input.user.sub, ...result }, "holiday table changed");
        return { body: result };
      },
    }),
  ];
}

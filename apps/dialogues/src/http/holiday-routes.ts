import type { AccessTokenClaims } from "@danvan/contracts";
import type { TokenVerifier } from "@danvan/platform/http";
import { fields, parseRequest, problems, requireRole, requireUser } from "@danvan/platform/http";
import type { Logger } from "@danvan/platform/log";
import { HolidayTableError, loadHolidayTable } from "@danvan/vietnam/calendar";
import type { Express } from "express";
import { z } from "zod";
import { replaceHolidayTable } from "../application/holidays.ts";
import type { PetitionService } from "../application/petitions.ts";
import type { HolidayTableSource } from "../data/holiday-table.ts";
import type { PetitionStore } from "../data/petitions.ts";
import { commandMeta } from "./command-meta.ts";

export const holidayTableBody = z.strictObject({
  /** The years of the table, in the format of @danvan/vietnam's holiday files. */
  years: z.array(z.unknown()).min(1).max(50),
  reason: fields.text(1000),
});

export function holidayRoutes(deps: {
  source: HolidayTableSource;
  store: PetitionStore;
  petitions: PetitionService;
  verify: TokenVerifier;
  logger: Logger;
}) {
  return (app: Express) => {
    app.put(
      "/holiday-table",
      requireUser(deps.verify),
      requireRole("province_admin"),
      async (req, res) => {
        const { years, reason } = parseRequest(holidayTableBody, req, "body");
        let table: ReturnType<typeof loadHolidayTable>;
        try {
          table = loadHolidayTable(years);
        } catch (error) {
          if (!(error instanceof HolidayTableError)) throw error;
          throw problems.invalid({
            vi: `Bảng ngày nghỉ không hợp lệ: ${error.issues.join("; ")}`,
            en: `Invalid holiday table: ${error.issues.join("; ")}`,
          });
        }
        const result = await replaceHolidayTable({
          table,
          reason,
          source: deps.source,
          store: deps.store,
          petitions: deps.petitions,
          now: new Date(),
          meta: commandMeta(req),
          logger: req.log,
        });
        req.log.info(
          { user: (req.user as AccessTokenClaims).sub, ...result },
          "holiday table changed",
        );
        res.json(result);
      },
    );
  };
}

import type { CommandMeta } from "@danvan/platform/aggregate";
import { TransitionRefusedError } from "@danvan/platform/domain";
import type { Logger } from "@danvan/platform/log";
import { ConcurrencyConflictError } from "@danvan/platform/mongo";
import type { HolidayTable } from "@danvan/vietnam/calendar";
import type { HolidayTableSource } from "../data/holiday-table.ts";
import type { PetitionQueries } from "../data/petitions.ts";
import type { PetitionStore } from "./petitions.ts";

/**
 * Replaces the holiday table and recomputes every running deadline under it, each change a
 * `deadline-recomputed` event carrying the old and new deadline and the reason (docs/domain.md
 * scenario 2). Deadlines the new table does not move are left alone.
 */
export async function replaceHolidayTable(options: {
  table: HolidayTable;
  reason: string;
  source: HolidayTableSource;
  queries: Pick<PetitionQueries, "runningDeadlineIds">;
  petitions: PetitionStore;
  now: Date;
  meta: CommandMeta;
  logger: Logger;
}): Promise<{ version: number; recomputed: number }> {
  const version = await options.source.replace(
    options.table,
    options.reason,
    options.now,
    options.meta.actor,
  );
  let recomputed = 0;
  for await (const id of options.queries.runningDeadlineIds()) {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await options.petitions.execute(
          id,
          { type: "recomputeDeadline", reason: options.reason },
          options.meta,
        );
        recomputed++;
        break;
      } catch (error) {
        if (error instanceof TransitionRefusedError) break; // unchanged, or no longer running
        if (!(error instanceof ConcurrencyConflictError) || attempt === 3) throw error;
      }
    }
  }
  options.logger.info({ version, recomputed, reason: options.reason }, "holiday table replaced");
  return { version, recomputed };
}

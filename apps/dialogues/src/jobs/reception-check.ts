import type { AggregateStore } from "@danvan/platform/aggregate";
import type { PeriodicJob } from "@danvan/platform/jobs";
import { createPeriodicJob } from "@danvan/platform/jobs";
import type { Logger } from "@danvan/platform/log";
import { AggregateExistsError } from "@danvan/platform/mongo";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { ReceptionQueries } from "../data/receptions.ts";
import type {
  MissedObligation,
  ObligationCommand,
  ReceptionPolicy,
} from "../domain/reception/obligation.ts";
import { previousMonth, shortfalls } from "../domain/reception/obligation.ts";

/**
 * The monthly check (docs/domain.md scenario 6): from the first day of a month on, every holder who
 * held fewer reception days last month than their level requires gets one "missed" event. Each
 * shortfall is an aggregate named <holder>:<month>, created once: running again, or on two
 * replicas, adds nothing. Its run's result is the number of shortfalls newly recorded.
 */
export function createReceptionCheck(options: {
  obligations: AggregateStore<MissedObligation, ObligationCommand>;
  queries: Pick<ReceptionQueries, "holders" | "daysHeld">;
  policy: ReceptionPolicy;
  now: () => Date;
  logger: Logger;
  intervalMs: number;
}): PeriodicJob<number> {
  return createPeriodicJob({
    name: "reception-check",
    intervalMs: options.intervalMs,
    logger: options.logger,
    async run() {
      const { month, first, last } = previousMonth(localDateOf(options.now()));
      const missed = shortfalls(
        await options.queries.holders(),
        await options.queries.daysHeld(first, last),
        month,
        options.policy,
      );
      let recorded = 0;
      for (const shortfall of missed) {
        try {
          await options.obligations.create(
            { type: "recordShortfall", shortfall },
            { correlationId: `reception-check:${month}`, actor: "system:reception-check" },
          );
          recorded++;
        } catch (error) {
          if (!(error instanceof AggregateExistsError)) throw error;
        }
      }
      if (recorded > 0) options.logger.info({ month, recorded }, "reception obligations missed");
      return recorded;
    },
  });
}

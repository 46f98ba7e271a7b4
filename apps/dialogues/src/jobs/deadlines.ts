import { TransitionRefusedError } from "@danvan/platform/domain";
import type { PeriodicJob } from "@danvan/platform/jobs";
import { createPeriodicJob } from "@danvan/platform/jobs";
import type { Logger } from "@danvan/platform/log";
import { ConcurrencyConflictError } from "@danvan/platform/mongo";
import type { PetitionStore } from "../application/petitions.ts";
import type { PetitionQueries } from "../data/petitions.ts";
import type { DecisionContext } from "../domain/petition/index.ts";

const BATCH = 200;

/**
 * Emits "due soon" and "became overdue" when their time comes, not at the next user action: it
 * sweeps every `intervalMs`. Every replica sweeps; the version-guarded write lets exactly one of
 * them record each fact, and the others' attempts end as refusals or conflicts, expected here.
 */
export function createDeadlineJob(options: {
  petitions: PetitionStore;
  queries: Pick<PetitionQueries, "overdueCandidates" | "dueSoonCandidates">;
  context: () => DecisionContext;
  logger: Logger;
  intervalMs: number;
  /** Runs before each sweep: picks up a holiday table changed through another replica. */
  beforeSweep?: () => Promise<void>;
}): PeriodicJob<{ overdue: number; dueSoon: number }> {
  const { petitions, queries, logger } = options;

  async function attempt(id: string, type: "markOverdue" | "markDueSoon"): Promise<boolean> {
    try {
      await petitions.execute(
        id,
        { type },
        { correlationId: `deadline-job:${type}:${id}`, actor: "system:deadlines" },
      );
      return true;
    } catch (error) {
      if (error instanceof TransitionRefusedError || error instanceof ConcurrencyConflictError)
        return false;
      throw error;
    }
  }

  return createPeriodicJob({
    name: "deadlines",
    intervalMs: options.intervalMs,
    logger,
    async run() {
      await options.beforeSweep?.();
      const ctx = options.context();
      let overdue = 0;
      let dueSoon = 0;
      for (const id of await queries.overdueCandidates(ctx.now, BATCH)) {
        if (await attempt(id, "markOverdue")) overdue++;
      }
      const horizon = ctx.calendar.deadlineAfter(ctx.now, ctx.policy.dueSoonWorkingDays);
      for (const id of await queries.dueSoonCandidates(horizon, BATCH)) {
        if (await attempt(id, "markDueSoon")) dueSoon++;
      }
      if (overdue + dueSoon > 0) logger.info({ overdue, dueSoon }, "deadline sweep recorded facts");
      return { overdue, dueSoon };
    },
  });
}

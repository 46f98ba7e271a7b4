import type { Logger } from "@danvan/platform/log";
import { ConcurrencyConflictError } from "@danvan/platform/mongo";
import type { PetitionService } from "../application/petitions.ts";
import type { PetitionStore } from "../data/petitions.ts";
import type { DecisionContext } from "../domain/petition/index.ts";
import { TransitionRefusedError } from "../domain/petition/index.ts";

export interface DeadlineJob {
  start(): void;
  /** One sweep now; the facts it recorded. Tests and ops call it instead of waiting. */
  runNow(): Promise<{ overdue: number; dueSoon: number }>;
  stop(): Promise<void>;
}

const BATCH = 200;

/**
 * Emits "due soon" and "became overdue" when their time comes, not at the next user action:
 * it sweeps every `intervalMs`. Every replica sweeps; the version-guarded write lets exactly one
 * of them record each fact, and the others' attempts end as conflicts, which are expected here.
 */
export function createDeadlineJob(options: {
  store: PetitionStore;
  service: PetitionService;
  context: () => DecisionContext;
  logger: Logger;
  intervalMs: number;
  /** Runs before each sweep: picks up a holiday table changed through another replica. */
  beforeSweep?: () => Promise<void>;
}): DeadlineJob {
  const { store, service, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function attempt(id: string, type: "markOverdue" | "markDueSoon"): Promise<boolean> {
    try {
      await service.apply(
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

  async function sweep() {
    await options.beforeSweep?.();
    const ctx = options.context();
    let overdue = 0;
    let dueSoon = 0;
    for (const id of await store.overdueCandidates(ctx.now, BATCH)) {
      if (await attempt(id, "markOverdue")) overdue++;
    }
    const horizon = ctx.calendar.deadlineAfter(ctx.now, ctx.policy.dueSoonWorkingDays);
    for (const id of await store.dueSoonCandidates(horizon, BATCH)) {
      if (await attempt(id, "markDueSoon")) dueSoon++;
    }
    if (overdue + dueSoon > 0) logger.info({ overdue, dueSoon }, "deadline sweep recorded facts");
    return { overdue, dueSoon };
  }

  const runNow = () => {
    const next = running.then(sweep, sweep);
    running = next.catch(() => {});
    return next;
  };

  return {
    start() {
      const tick = () => {
        runNow()
          .catch((error: unknown) => logger.error({ err: error }, "deadline sweep failed"))
          .finally(() => {
            if (timer) timer = setTimeout(tick, options.intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    runNow,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

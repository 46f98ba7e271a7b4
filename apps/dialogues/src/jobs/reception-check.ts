import { receptionObligationMissedV1 } from "@danvan/contracts";
import type { Logger } from "@danvan/platform/log";
import { AggregateExistsError } from "@danvan/platform/mongo";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { ReceptionStore } from "../data/receptions.ts";
import type { ReceptionPolicy } from "../domain/reception/obligation.ts";
import { previousMonth, shortfalls } from "../domain/reception/obligation.ts";

export interface ReceptionCheck {
  start(): void;
  /** Checks last month now; the shortfalls newly recorded. */
  runNow(): Promise<number>;
  stop(): void;
}

/**
 * The monthly check (DOMAIN.md scenario 6): from the first day of a month on, every holder who
 * held fewer reception days last month than their level requires gets one "missed" event.
 * Each shortfall is an aggregate named <holder>:<month>, created once: running again, or on two
 * replicas, adds nothing.
 */
export function createReceptionCheck(options: {
  store: ReceptionStore;
  policy: ReceptionPolicy;
  now: () => Date;
  logger: Logger;
  intervalMs: number;
  topicPrefix?: string;
}): ReceptionCheck {
  let timer: NodeJS.Timeout | undefined;
  const topic = options.topicPrefix
    ? `${options.topicPrefix}.${receptionObligationMissedV1.topic}`
    : receptionObligationMissedV1.topic;

  async function runNow(): Promise<number> {
    const now = options.now();
    const { month, first, last } = previousMonth(localDateOf(now));
    const missed = shortfalls(
      await options.store.holders(),
      await options.store.daysHeld(first, last),
      month,
      options.policy,
    );
    let recorded = 0;
    for (const { holder, required, held } of missed) {
      const id = `${holder.id}:${month}`;
      const envelope = receptionObligationMissedV1.create({
        subject: id,
        unitcode: holder.unitCode,
        aggregateversion: 1,
        correlationid: `reception-check:${month}`,
        causationid: `reception-check:${month}`,
        time: now,
        data: {
          holder: { id: holder.id, name: holder.name, position: holder.position },
          level: holder.level,
          unitCode: holder.unitCode,
          month,
          required,
          held,
        },
      });
      try {
        await options.store.obligations.create(
          id,
          {
            holder: { id: holder.id, name: holder.name, position: holder.position },
            level: holder.level,
            unitCode: holder.unitCode,
            month,
            required,
            held,
          },
          [{ topic, envelope }],
        );
        recorded++;
      } catch (error) {
        if (!(error instanceof AggregateExistsError)) throw error;
      }
    }
    if (recorded > 0) options.logger.info({ month, recorded }, "reception obligations missed");
    return recorded;
  }

  return {
    start() {
      const tick = () => {
        runNow()
          .catch((error: unknown) => options.logger.error({ err: error }, "reception check failed"))
          .finally(() => {
            if (timer) timer = setTimeout(tick, options.intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    runNow,
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

import type { Logger } from "@danvan/platform/log";
import type { Collection } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { todayInVietnam } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import type { FiguresDocument } from "./figures.ts";
import { computeFigures, figuresId } from "./figures.ts";
import type { Period } from "./periods.ts";
import { periodsOf } from "./periods.ts";
import type { ReadModelStore } from "./views.ts";

export interface FiguresUpdater {
  /** The figures of `unitCode` and the units above it, for the periods `instant` falls in, are due. */
  mark(unitCode: string, instant: string): void;
  /** Computes every due figure now; resolves when done. */
  flush(): Promise<void>;
  /** Computes and stores one unit's figures for a period at once (a first read of them). */
  compute(unitCode: string, period: Period): Promise<FiguresDocument>;
  /** How many figures are due. */
  pending(): number;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Keeps figures up to date as events arrive. Marks coalesce: a burst of events on one commune
 * recomputes its figures once per tick, not once per event, and the commune's province with it.
 */
export function createFiguresUpdater(options: {
  store: ReadModelStore;
  figures: Collection<FiguresDocument>;
  calendar: () => WorkingDayCalendar;
  units: UnitRegistry;
  logger: Logger;
  /** How long marks gather before a computation; small, for fresh dashboards. */
  tickMs?: number;
  now?: () => Date;
}): FiguresUpdater {
  const now = options.now ?? (() => new Date());
  const tickMs = options.tickMs ?? 20;
  const due = new Map<string, { unitCode: string; period: Period }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let started = false;

  const today = () => todayInVietnam(now());
  const above = (unitCode: string) =>
    options.units.ancestors(unitCode, today()).map((unit) => unit.code);
  /** The unit and, for a province, the communes under it today: what its figures add up. */
  const coveredBy = (unitCode: string) => [
    unitCode,
    ...options.units.children(unitCode, today()).map((unit) => unit.code),
  ];

  const compute = (unitCode: string, period: Period) =>
    computeFigures({
      store: options.store,
      figures: options.figures,
      calendar: options.calendar(),
      unitCode,
      unitCodes: coveredBy(unitCode),
      period,
      now: now(),
    });

  async function drain() {
    while (due.size > 0) {
      const batch = [...due.values()];
      due.clear();
      for (const { unitCode, period } of batch) {
        try {
          await compute(unitCode, period);
        } catch (error) {
          // Put it back: the next tick tries again; the read models are still right.
          due.set(figuresId(unitCode, period.key), { unitCode, period });
          options.logger.error({ err: error, unitCode, period: period.key }, "figures failed");
          return;
        }
      }
    }
  }

  function schedule() {
    if (!started || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = running.then(drain).finally(() => {
        if (due.size > 0) schedule();
      });
    }, tickMs);
  }

  return {
    mark(unitCode, instant) {
      for (const code of [unitCode, ...above(unitCode)]) {
        for (const period of periodsOf(instant)) {
          due.set(figuresId(code, period.key), { unitCode: code, period });
        }
      }
      schedule();
    },
    async flush() {
      running = running.then(drain);
      await running;
    },
    compute,
    pending: () => due.size,
    start() {
      started = true;
      schedule();
    },
    async stop() {
      started = false;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

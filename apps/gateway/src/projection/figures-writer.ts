import type { Collection } from "@danvan/platform/mongo";
import { todayInVietnam } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import type { FiguresDelta, FiguresDocument } from "./figures.ts";
import { figuresId } from "./figures.ts";
import type { Period } from "./periods.ts";
import { periodsOf } from "./periods.ts";

export interface FiguresWriter {
  /**
   * Adds a change to the figures of `unitCode` and the units above it, for the day, month,
   * quarter and year `instant` falls in (without the day when `months` — a monthly fact).
   */
  apply(
    unitCode: string,
    instant: string,
    delta: FiguresDelta,
    options?: { months?: boolean },
  ): Promise<void>;
}

/** The units whose figures a fact of `unitCode` changes: it and those above it, today. */
export function unitsAbove(units: UnitRegistry, unitCode: string, now: Date): string[] {
  return [unitCode, ...units.ancestors(unitCode, todayInVietnam(now)).map((u) => u.code)];
}

/** The figure documents a fact touches. */
export function touched(
  units: UnitRegistry,
  unitCode: string,
  instant: string,
  now: Date,
  months = false,
): { unitCode: string; period: Period }[] {
  const periods = periodsOf(instant).filter((p) => !months || p.kind !== "day");
  return unitsAbove(units, unitCode, now).flatMap((code) =>
    periods.map((period) => ({ unitCode: code, period })),
  );
}

/** Changes figures in place with `$inc`: atomic per document, so replicas can add at once. */
export function createFiguresWriter(options: {
  figures: Collection<FiguresDocument>;
  units: UnitRegistry;
  now?: () => Date;
}): FiguresWriter {
  const now = options.now ?? (() => new Date());
  return {
    async apply(unitCode, instant, delta, flags = {}) {
      if (Object.keys(delta).length === 0) return;
      const at = now();
      // One command for all of them (at most 4 periods × a few units: far from FerretDB's 100).
      await options.figures.bulkWrite(
        touched(options.units, unitCode, instant, at, flags.months).map((target) => ({
          updateOne: {
            filter: { _id: figuresId(target.unitCode, target.period.key) },
            update: {
              $inc: delta,
              $set: { version: at.getTime(), asOf: at.toISOString() },
              $setOnInsert: { unitCode: target.unitCode, period: target.period },
            },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    },
  };
}

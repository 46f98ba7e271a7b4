import type { ActiveReadSide } from "../projection/active-read-side.ts";
import type { FiguresDocument } from "../projection/figures.ts";
import { emptyFigures, figuresId, sumFigures } from "../projection/figures.ts";
import type { Period } from "../projection/periods.ts";
import {
  isSummedPeriod,
  monthsOf,
  parsePeriod,
  periodsSummingMonth,
} from "../projection/periods.ts";
import type { ChangeFeed } from "./change-feed.ts";

/**
 * Figures as dashboards read them: from memory while nothing changed (the change feed says when
 * something did), else from the database; a quarter's and a year's summed from its months'.
 */
export function createFiguresReader(readSide: ActiveReadSide, feed: ChangeFeed) {
  /** Stored figures (days, months) by id. */
  const cache = new Map<string, FiguresDocument>();
  /** The newest revision the feed announced per stored id: an older read is not cached. */
  const announced = new Map<string, number>();
  /** Quarters' and years' figures by id, with the revision of each month summed. */
  const sums = new Map<string, { doc: FiguresDocument; parts: Map<string, number> }>();
  const forgetAll = () => {
    cache.clear();
    announced.clear();
    sums.clear();
  };
  readSide.onSwitch(forgetAll);
  feed.subscribe((change) => {
    if (change.kind !== "figures") return;
    const period = parsePeriod(change.period);
    // The feed announces quarters and years with their months for dashboards; their sums here
    // are dropped by the month's announcement below.
    if (!period || isSummedPeriod(period)) return;
    const id = figuresId(change.unitCode, change.period);
    announced.set(id, change.revision);
    if ((cache.get(id)?.revision ?? 0) < change.revision) cache.delete(id);
    if (period.kind !== "month") return;
    for (const summed of periodsSummingMonth(period)) {
      const sumId = figuresId(change.unitCode, summed.key);
      if ((sums.get(sumId)?.parts.get(id) ?? 0) < change.revision) sums.delete(sumId);
    }
  });

  /** Whether a stored document read now is at least what the feed last announced of it. */
  const current = (doc: FiguresDocument) => (doc.revision ?? 0) >= (announced.get(doc._id) ?? 0);

  /** Stored figures (a day's or a month's) by id: from memory, else in one query. */
  async function readStored(
    targets: readonly { unitCode: string; period: Period }[],
  ): Promise<Map<string, FiguresDocument>> {
    const result = new Map<string, FiguresDocument>();
    const missing = new Map<string, { unitCode: string; period: Period }>();
    for (const target of targets) {
      const id = figuresId(target.unitCode, target.period.key);
      const cached = cache.get(id);
      if (cached) result.set(id, cached);
      else missing.set(id, target);
    }
    if (missing.size === 0) return result;
    if (cache.size + sums.size > 20_000) forgetAll();
    const stored = await readSide.current.figures
      .find({ _id: { $in: [...missing.keys()] } })
      .toArray();
    const found = new Map(stored.map((doc) => [doc._id, doc]));
    for (const [id, target] of missing) {
      // No document: nothing has happened in that unit and period yet.
      const doc = found.get(id) ?? emptyFigures(target.unitCode, target.period, new Date());
      if (current(doc)) cache.set(id, doc);
      result.set(id, doc);
    }
    return result;
  }

  return {
    /** Each unit's figures for the period, by unit code. */
    async read(unitCodes: string[], period: Period): Promise<Map<string, FiguresDocument>> {
      const byId = (code: string, stored: Map<string, FiguresDocument>) =>
        stored.get(figuresId(code, period.key)) as FiguresDocument;
      if (!isSummedPeriod(period)) {
        const stored = await readStored(unitCodes.map((unitCode) => ({ unitCode, period })));
        return new Map(unitCodes.map((code) => [code, byId(code, stored)]));
      }
      const result = new Map<string, FiguresDocument>();
      const summing: string[] = [];
      for (const code of unitCodes) {
        const cached = sums.get(figuresId(code, period.key));
        if (cached) result.set(code, cached.doc);
        else summing.push(code);
      }
      const months = monthsOf(period);
      const stored = await readStored(
        summing.flatMap((unitCode) => months.map((month) => ({ unitCode, period: month }))),
      );
      for (const code of summing) {
        const parts = months.map(
          (month) => stored.get(figuresId(code, month.key)) as FiguresDocument,
        );
        const doc = sumFigures(code, period, parts, new Date());
        if (parts.every(current)) {
          sums.set(doc._id, { doc, parts: new Map(parts.map((p) => [p._id, p.revision ?? 0])) });
        }
        result.set(code, doc);
      }
      return result;
    },
  };
}

export type FiguresReader = ReturnType<typeof createFiguresReader>;

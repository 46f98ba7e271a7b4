import type { ActiveReadSide } from "../projection/active-read-side.ts";
import type { FiguresDocument } from "../projection/figures.ts";
import { emptyFigures, figuresId } from "../projection/figures.ts";
import type { Period } from "../projection/periods.ts";
import type { ChangeFeed } from "./change-feed.ts";

/**
 * Figures as dashboards read them: from memory while nothing changed (the change feed says when
 * something did), else from the database, else computed on first request and stored.
 */
export function createFiguresReader(readSide: ActiveReadSide, feed: ChangeFeed) {
  const cache = new Map<string, FiguresDocument>();
  /** The newest version the feed announced per figures id: an older read is not cached. */
  const announced = new Map<string, number>();
  readSide.onSwitch(() => {
    cache.clear();
    announced.clear();
  });
  feed.subscribe((change) => {
    if (change.kind !== "figures") return;
    const id = figuresId(change.unitCode, change.period);
    announced.set(id, change.version);
    if ((cache.get(id)?.version ?? 0) < change.version) cache.delete(id);
  });
  return {
    async read(unitCodes: string[], period: Period): Promise<Map<string, FiguresDocument>> {
      const result = new Map<string, FiguresDocument>();
      const missing: string[] = [];
      for (const code of unitCodes) {
        const cached = cache.get(figuresId(code, period.key));
        if (cached) result.set(code, cached);
        else missing.push(code);
      }
      if (missing.length > 0) {
        const side = readSide.current;
        const stored = await side.figures
          .find({ _id: { $in: missing.map((code) => figuresId(code, period.key)) } })
          .toArray();
        const found = new Map(stored.map((doc) => [doc.unitCode, doc]));
        for (const code of missing) {
          // No document: nothing has happened in that unit and period yet.
          const doc = found.get(code) ?? emptyFigures(code, period, new Date());
          const id = figuresId(code, period.key);
          if (cache.size > 20_000) {
            cache.clear();
            announced.clear();
          }
          if (doc.version >= (announced.get(id) ?? 0)) cache.set(id, doc);
          result.set(code, doc);
        }
      }
      return result;
    },
  };
}

export type FiguresReader = ReturnType<typeof createFiguresReader>;

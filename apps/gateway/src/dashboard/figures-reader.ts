import { todayInVietnam } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import type { ActiveReadSide } from "../projection/active-read-side.ts";
import type { Attribution } from "../projection/attribution.ts";
import type { FiguresDocument } from "../projection/figures.ts";
import { emptyFigures, figuresId, storedPartsOf, sumFigures } from "../projection/figures.ts";
import type { Period } from "../projection/periods.ts";
import type { ChangeFeed } from "./change-feed.ts";

/** Beyond this many documents and sums held, the reader starts afresh. */
const MAX_HELD = 50_000;

/**
 * Figures as dashboards read them: a unit's for a period are the sum of its stored parts — its
 * own and the units' below it, of the period's days or months (`storedPartsOf`). Parts are read
 * from the database once and held, and so are the sums, until the change feed announces a
 * newer revision of a part.
 */
export function createFiguresReader(options: {
  readSide: ActiveReadSide;
  feed: ChangeFeed;
  units: UnitRegistry;
  now?: () => Date;
}) {
  const { readSide, units } = options;
  const now = options.now ?? (() => new Date());
  /** Stored figures by id. */
  const stored = new Map<string, FiguresDocument>();
  /** The newest revision the feed announced per stored id: an older read is not held. */
  const announced = new Map<string, number>();
  /** Sums by id (`unit|period`), with the revision of each part summed. */
  const sums = new Map<string, { doc: FiguresDocument; parts: Map<string, number> }>();
  /** The sums each stored document is a part of. */
  const partOf = new Map<string, Set<string>>();
  const forgetAll = () => {
    stored.clear();
    announced.clear();
    sums.clear();
    partOf.clear();
  };
  readSide.onSwitch(forgetAll);
  // Announced once for each figure the stored document is part of: handling it again is a no-op.
  options.feed.subscribe((change) => {
    if (change.kind !== "figures") return;
    const { id, revision } = change.stored;
    if ((announced.get(id) ?? 0) < revision) announced.set(id, revision);
    if ((stored.get(id)?.revision ?? 0) < revision) stored.delete(id);
    for (const sumId of partOf.get(id) ?? []) {
      const sum = sums.get(sumId);
      if (sum && (sum.parts.get(id) ?? 0) < revision) sums.delete(sumId);
    }
  });

  /** Whether a stored document read now is at least what the feed last announced of it. */
  const current = (doc: FiguresDocument) => doc.revision >= (announced.get(doc._id) ?? 0);

  /** Stored figures by id: held, else read in one query (absent: nothing happened yet). */
  async function readStored(
    targets: Iterable<{ unitCode: string; period: Period }>,
  ): Promise<Map<string, FiguresDocument>> {
    const result = new Map<string, FiguresDocument>();
    const missing = new Map<string, { unitCode: string; period: Period }>();
    for (const target of targets) {
      const id = figuresId(target.unitCode, target.period.key);
      const held = stored.get(id);
      if (held) result.set(id, held);
      else missing.set(id, target);
    }
    if (missing.size === 0) return result;
    if (stored.size + sums.size > MAX_HELD) forgetAll();
    const found = await readSide.current.figures
      .find({ _id: { $in: [...missing.keys()] } })
      .toArray();
    const byId = new Map(found.map((doc) => [doc._id, doc]));
    for (const [id, target] of missing) {
      const doc = byId.get(id) ?? emptyFigures(target.unitCode, target.period, now());
      if (current(doc)) stored.set(id, doc);
      result.set(id, doc);
    }
    return result;
  }

  return {
    /** Each unit's figures for the period, by unit code, re-attributed to today's units or not. */
    async read(
      unitCodes: string[],
      period: Period,
      attribution: Attribution = "re-attributed",
    ): Promise<Map<string, FiguresDocument>> {
      const result = new Map<string, FiguresDocument>();
      const today = todayInVietnam(now());
      const summing = new Map<string, { unitCode: string; period: Period }[]>();
      const sumId = (code: string) => `${figuresId(code, period.key)}|${attribution}|${today}`;
      for (const code of unitCodes) {
        const held = sums.get(sumId(code));
        if (held) result.set(code, held.doc);
        else summing.set(code, storedPartsOf(units, code, period, today, attribution));
      }
      if (summing.size === 0) return result;
      const docs = await readStored([...summing.values()].flat());
      for (const [code, targets] of summing) {
        const parts = targets.map(
          (t) => docs.get(figuresId(t.unitCode, t.period.key)) as FiguresDocument,
        );
        const doc = sumFigures(code, period, parts, now());
        result.set(code, doc);
        if (!parts.every(current)) continue;
        sums.set(sumId(code), { doc, parts: new Map(parts.map((p) => [p._id, p.revision])) });
        for (const part of parts) {
          const of = partOf.get(part._id) ?? new Set<string>();
          of.add(sumId(code));
          partOf.set(part._id, of);
        }
      }
      return result;
    },
  };
}

export type FiguresReader = ReturnType<typeof createFiguresReader>;

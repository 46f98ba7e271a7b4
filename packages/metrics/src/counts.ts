import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { PetitionFacts, PetitionMetrics } from "./petitions.ts";
import { OPEN_STATUSES } from "./petitions.ts";
import { ratio } from "./ratio.ts";

/**
 * The petition metrics as additive counts: what a read model keeps per unit and period and
 * updates by a petition's change (its counts after minus its counts before) instead of reading
 * every petition again. `metricsFromCounts(sum of countsOf(p))` equals `petitionMetrics(ps)`
 * (tested on random sets), the median included: working days are whole, so their histogram
 * gives the same median.
 */
export interface PetitionCounts {
  received: number;
  answered: number;
  resolved: number;
  backlog: number;
  overdue: number;
  onTime: number;
  reopened: number;
  rated: number;
  satisfied: number;
  /** Answered petitions by working days from receipt to answer: `{ "7": 3 }`. */
  workingDays: Record<string, number>;
}

export const emptyCounts = (): PetitionCounts => ({
  received: 0,
  answered: 0,
  resolved: 0,
  backlog: 0,
  overdue: 0,
  onTime: 0,
  reopened: 0,
  rated: 0,
  satisfied: 0,
  workingDays: {},
});

/** One petition's counts. */
export function countsOf(p: PetitionFacts, calendar: WorkingDayCalendar): PetitionCounts {
  const answered = p.answeredAt !== undefined;
  const open = OPEN_STATUSES.has(p.status);
  const counts = emptyCounts();
  counts.received = 1;
  counts.answered = answered ? 1 : 0;
  counts.resolved = p.status === "resolved" ? 1 : 0;
  counts.backlog = open ? 1 : 0;
  counts.overdue = open && p.overdue ? 1 : 0;
  counts.onTime = answered && p.answeredOnTime === true ? 1 : 0;
  counts.reopened = answered && p.reopenCount > 0 ? 1 : 0;
  counts.rated = p.rating !== undefined ? 1 : 0;
  counts.satisfied = (p.rating?.score ?? 0) >= 4 ? 1 : 0;
  if (answered) {
    const days = calendar.workingDaysBetween(
      localDateOf(p.receivedAt),
      localDateOf(p.answeredAt as string),
    );
    counts.workingDays[String(days)] = 1;
  }
  return counts;
}

/** `a + sign × b`, field by field (sign -1 gives a change's difference). */
export function addCounts(a: PetitionCounts, b: PetitionCounts, sign: 1 | -1 = 1): PetitionCounts {
  const sum = emptyCounts();
  for (const key of Object.keys(sum) as (keyof PetitionCounts)[]) {
    if (key === "workingDays") continue;
    sum[key] = a[key] + sign * b[key];
  }
  for (const days of new Set([...Object.keys(a.workingDays), ...Object.keys(b.workingDays)])) {
    const n = (a.workingDays[days] ?? 0) + sign * (b.workingDays[days] ?? 0);
    if (n !== 0) sum.workingDays[days] = n;
  }
  return sum;
}

function medianOfHistogram(histogram: Record<string, number>): number | null {
  const entries = Object.entries(histogram)
    .map(([days, count]) => [Number(days), count] as const)
    .filter(([, count]) => count > 0)
    .sort((x, y) => x[0] - y[0]);
  const total = entries.reduce((n, [, count]) => n + count, 0);
  if (total === 0) return null;
  // The value at a 0-based rank of the sorted list.
  const at = (rank: number) => {
    let seen = 0;
    for (const [days, count] of entries) {
      seen += count;
      if (rank < seen) return days;
    }
    return entries.at(-1)?.[0] ?? 0;
  };
  const mid = Math.floor(total / 2);
  if (total % 2 === 1) return at(mid);
  return Math.ceil((at(mid - 1) + at(mid)) / 2);
}

/** The metrics of `petitionMetrics`, from counts. */
export function metricsFromCounts(c: PetitionCounts): PetitionMetrics {
  return {
    received: c.received,
    answered: c.answered,
    resolved: c.resolved,
    backlog: c.backlog,
    overdue: c.overdue,
    onTimeRate: ratio(c.onTime, c.answered + c.overdue),
    medianWorkingDaysToAnswer: medianOfHistogram(c.workingDays),
    reopenRate: ratio(c.reopened, c.answered),
    satisfaction: ratio(c.satisfied, c.rated),
  };
}

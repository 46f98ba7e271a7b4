import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { Ratio } from "./ratio.ts";
import { ratio } from "./ratio.ts";

/** What the metrics need of a petition; the petition snapshot of every petition event has it. */
export interface PetitionFacts {
  source: string;
  status: string;
  receivedAt: string;
  answeredAt?: string | undefined;
  answeredOnTime?: boolean | undefined;
  overdue: boolean;
  reopenCount: number;
  rating?: { score: number; resolved: boolean } | undefined;
}

/** The stored fields `PetitionFacts` reads: a projection for the queries that fetch facts. */
export const petitionFactFields = {
  source: 1,
  status: 1,
  receivedAt: 1,
  answeredAt: 1,
  answeredOnTime: 1,
  overdue: 1,
  reopenCount: 1,
  rating: 1,
} as const satisfies Record<keyof PetitionFacts, 1>;

export interface PetitionMetrics {
  received: number;
  answered: number;
  resolved: number;
  /** Open: waiting for the authorities. */
  backlog: number;
  /** Open and past their deadline. */
  overdue: number;
  /**
   * Answered on time / (answered + open and overdue). Counting only answered petitions would
   * hide the overdue ones still open (docs/domain.md, "Metrics").
   */
  onTimeRate: Ratio;
  /** Median working days from receipt to answer, halves rounded up; null without answers. */
  medianWorkingDaysToAnswer: number | null;
  /** Answered petitions reopened at least once, over answered petitions. */
  reopenRate: Ratio;
  /** Ratings of 4 or 5, over ratings. */
  satisfaction: Ratio;
}

/** Statuses in which a petition still waits for the authorities (its backlog). */
export const OPEN_STATUSES: ReadonlySet<string> = new Set([
  "received",
  "classified",
  "assigned",
  "in_progress",
  "reopened",
]);
const RESOLVED = new Set(["resolved"]);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  return Math.ceil(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

/** The metrics of a set of petitions (one unit, period, agency …). */
export function petitionMetrics(
  petitions: readonly PetitionFacts[],
  calendar: WorkingDayCalendar,
): PetitionMetrics {
  const answered = petitions.filter((p) => p.answeredAt !== undefined);
  const open = petitions.filter((p) => OPEN_STATUSES.has(p.status));
  const openOverdue = open.filter((p) => p.overdue);
  const onTime = answered.filter((p) => p.answeredOnTime === true);
  const rated = petitions.filter((p) => p.rating !== undefined);
  return {
    received: petitions.length,
    answered: answered.length,
    resolved: petitions.filter((p) => RESOLVED.has(p.status)).length,
    backlog: open.length,
    overdue: openOverdue.length,
    onTimeRate: ratio(onTime.length, answered.length + openOverdue.length),
    medianWorkingDaysToAnswer: median(
      answered.map((p) =>
        calendar.workingDaysBetween(localDateOf(p.receivedAt), localDateOf(p.answeredAt as string)),
      ),
    ),
    reopenRate: ratio(answered.filter((p) => p.reopenCount > 0).length, answered.length),
    satisfaction: ratio(rated.filter((p) => (p.rating?.score ?? 0) >= 4).length, rated.length),
  };
}

/** The metrics overall and per channel (source), as dashboards and scoring show them. */
export function petitionMetricsByChannel(
  petitions: readonly PetitionFacts[],
  calendar: WorkingDayCalendar,
) {
  const channels = new Map<string, PetitionFacts[]>();
  for (const p of petitions) channels.set(p.source, [...(channels.get(p.source) ?? []), p]);
  return {
    total: petitionMetrics(petitions, calendar),
    byChannel: Object.fromEntries(
      [...channels]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([source, list]) => [source, petitionMetrics(list, calendar)]),
    ),
  };
}

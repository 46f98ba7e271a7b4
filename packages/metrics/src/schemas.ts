import { z } from "zod";

/** A `Ratio` as APIs send it (the dialogues service's metrics, the gateway's dashboards). */
export const ratioSchema = z.object({
  numerator: z.int().min(0),
  denominator: z.int().min(0),
  basisPoints: z.int().min(0).max(10_000).nullable(),
});

/** `PetitionMetrics` as APIs send it. */
export const petitionMetricsSchema = z.object({
  received: z.int().min(0),
  answered: z.int().min(0),
  resolved: z.int().min(0),
  backlog: z.int().min(0),
  overdue: z.int().min(0),
  onTimeRate: ratioSchema,
  medianWorkingDaysToAnswer: z.int().min(0).nullable(),
  reopenRate: ratioSchema,
  satisfaction: ratioSchema,
});

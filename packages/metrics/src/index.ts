export type { PetitionCounts } from "./counts.ts";
export { addCounts, countsOf, emptyCounts, metricsFromCounts } from "./counts.ts";
export type { PetitionFacts, PetitionMetrics } from "./petitions.ts";
export {
  OPEN_STATUSES,
  petitionFactFields,
  petitionMetrics,
  petitionMetricsByChannel,
} from "./petitions.ts";
export type { Ratio } from "./ratio.ts";
export { ratio } from "./ratio.ts";
export { petitionMetricsSchema, ratioSchema } from "./schemas.ts";

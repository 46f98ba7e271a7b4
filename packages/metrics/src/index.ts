export type { PetitionFacts, PetitionMetrics } from "./petitions.ts";
export { petitionFactFields, petitionMetrics, petitionMetricsByChannel } from "./petitions.ts";
export type { Ratio } from "./ratio.ts";
export { ratio } from "./ratio.ts";

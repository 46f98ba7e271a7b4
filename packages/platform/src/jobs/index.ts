export type { PeriodicJob } from "./periodic-job.ts";
export { createPeriodicJob } from "./periodic-job.ts";

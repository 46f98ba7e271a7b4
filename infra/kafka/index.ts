export type { EnsureTopicsOptions, EnsureTopicsResult } from "./topics.ts";
export { ensureTopics, retentionConfig } from "./topics.ts";

export type { EnsureTopicsOptions, EnsureTopicsResult } from "./topics.ts";
export { deleteTopicsByPrefix, ensureTopics, retentionConfig } from "./topics.ts";

export type { EnsureTopicsOptions, EnsureTopicsResult, TopicSpec } from "./topics.ts";
export { ensureTopics, loadTopicList, retentionConfig, topicSpecSchema } from "./topics.ts";

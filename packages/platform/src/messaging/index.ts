export type {
  BatchContext,
  BatchHandler,
  ConsumerRunner,
  ConsumerRunnerOptions,
  DeadLetterNotice,
  EventHandler,
  HandlerContext,
} from "./consumer.ts";
export { createConsumerRunner } from "./consumer.ts";
export type { DeadLetter } from "./dead-letters.ts";
export { listDeadLetters, redriveDeadLetters } from "./dead-letters.ts";
export { PermanentError } from "./errors.ts";
export type { KafkaClient, ProducerTuning } from "./kafka.ts";
export { createKafkaClient, serviceLogLevel } from "./kafka.ts";
export type { OutboxPublisher } from "./outbox-publisher.ts";
export { createOutboxPublisher, outboxPublisherOf } from "./outbox-publisher.ts";
export type { EventProducer, OutgoingMessage } from "./producer.ts";
export { createEventProducer } from "./producer.ts";
export type { LeaseDocument, OutboxRelay, OutboxRelayOptions } from "./relay.ts";
export { createOutboxRelay } from "./relay.ts";
export type { EnsureTopicsOptions, EnsureTopicsResult } from "./topic-admin.ts";
export {
  brokerIsReady,
  deleteTopics,
  deleteTopicsByPrefix,
  ensureTopics,
  fetchTopicOffsets,
  retentionConfig,
} from "./topic-admin.ts";

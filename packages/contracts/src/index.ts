export type { DanvanEvent, ServiceEvent } from "./catalog.ts";
export { allEvents, catalog, parseEvent, unhandledEvent } from "./catalog.ts";
export {
  AGENCY_CODE_PATTERN,
  agencyCodeSchema,
  communeCodeSchema,
  currentUnitCodeSchema,
  unitCodeSchema,
} from "./codes.ts";
export type {
  EventDefinition,
  EventDefinitionInput,
  EventOf,
  NewEvent,
  SourceOf,
} from "./define-event.ts";
export { defineEvent } from "./define-event.ts";
export * from "./dialogues/petition/index.ts";
export * from "./dialogues/reception-obligation/index.ts";
export * from "./dialogues/session/index.ts";
export type { Envelope } from "./envelope.ts";
export { EVENT_TYPE_PATTERN, envelopeSchema } from "./envelope.ts";
export type { AccessTokenClaims, Role } from "./identity.ts";
export { accessTokenClaimsSchema, grants, roles } from "./identity.ts";
export type { KafkaRecord } from "./kafka-binding.ts";
export { CLOUDEVENTS_CONTENT_TYPE, toKafkaRecord } from "./kafka-binding.ts";
export { inLanguage, localized, type MessageLanguage } from "./messages.ts";
export type { EventRegistry, ParsedEvent } from "./registry.ts";
export { createRegistry, InvalidEventError, UnknownEventTypeError } from "./registry.ts";
export {
  EARLIEST_DAY,
  instantInputSchema,
  instantSchema,
  LATEST_DAY,
  localDateSchema,
} from "./time.ts";
export type { ConsumerGroupSpec, DomainTopic, TopicSpec } from "./topics.ts";
export {
  allTopics,
  consumerGroups,
  consumerGroupTopics,
  deadLetterTopic,
  domainTopics,
  retryTopic,
  topicSpecSchema,
} from "./topics.ts";
export { uuidv7 } from "./uuid-v7.ts";

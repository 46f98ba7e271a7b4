import type { Envelope } from "./envelope.ts";

/**
 * The CloudEvents 1.0 Kafka protocol binding, structured content mode, to the letter: the value
 * is the whole event as JSON, the `content-type` header says `application/cloudevents+json`, and
 * the key is the subject (an SDK reads it as the `partitionkey` extension). No attribute travels
 * as a `ce_` header, which would make SDKs read the message in binary mode. `traceparent` (W3C
 * trace context) is the one other header.
 */
export const CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

/** An event as a Kafka message: what the outbox stores and the producer sends. */
export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export function toKafkaRecord(envelope: Envelope, traceparent?: string): KafkaRecord {
  return {
    key: envelope.subject,
    value: JSON.stringify(envelope),
    headers: {
      "content-type": CLOUDEVENTS_CONTENT_TYPE,
      ...(traceparent ? { traceparent } : {}),
    },
  };
}

import { z } from "zod";
import { unitCodeSchema } from "./codes.ts";
import { instantSchema } from "./time.ts";

/** `vn.danvan.<service>.<aggregate>.<past-tense-verb>.v<N>` (docs/architecture.md §4). */
export const EVENT_TYPE_PATTERN =
  /^vn\.danvan\.[a-z]+\.[a-z][a-z0-9-]*\.[a-z][a-z0-9_-]*\.v[1-9][0-9]*$/;

const traceId = z.string().min(1).max(200);

/**
 * The CloudEvents 1.0 structured envelope every event travels in, with our extensions.
 * Loose on purpose: a consumer must accept attributes added later (forward compatibility);
 * producers build envelopes through `defineEvent`, which sets exactly these.
 */
export const envelopeSchema = z.looseObject({
  specversion: z.literal("1.0"),
  id: z.uuid({ version: "v7" }),
  source: z.string().regex(/^\/[a-z][a-z0-9-]*$/, "source is /<service>"),
  type: z.string().regex(EVENT_TYPE_PATTERN, "type is vn.danvan.<service>.<aggregate>.<verb>.v<N>"),
  subject: z.string().min(1).max(200),
  time: instantSchema,
  datacontenttype: z.literal("application/json"),
  unitcode: unitCodeSchema,
  aggregateversion: z.int().min(1),
  correlationid: traceId,
  causationid: traceId,
  data: z.unknown(),
});

/** An event as it travels (docs/architecture.md §4); `Type` and `Source` are literal for a known event. */
export interface Envelope<
  Data = unknown,
  Type extends string = string,
  Source extends string = string,
> {
  specversion: "1.0";
  /** UUID v7; the key consumers dedupe on. */
  id: string;
  /** `/<service>`. */
  source: Source;
  type: Type;
  /** The aggregate id, also the Kafka message key. */
  subject: string;
  /** ISO 8601 UTC. */
  time: string;
  datacontenttype: "application/json";
  /** The administrative unit the fact belongs to, as valid at `time`. */
  unitcode: string;
  /** The aggregate's version after this change. */
  aggregateversion: number;
  correlationid: string;
  causationid: string;
  data: Data;
}

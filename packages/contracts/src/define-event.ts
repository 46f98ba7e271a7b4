import { z } from "zod";
import type { Envelope } from "./envelope.ts";
import { EVENT_TYPE_PATTERN, envelopeSchema } from "./envelope.ts";
import { uuidv7 } from "./uuid-v7.ts";

export interface EventDefinitionInput<Name extends string, Data extends z.ZodType> {
  /** `vn.danvan.<service>.<aggregate>.<verb>`, without the version. */
  name: Name;
  version: number;
  /** `<service>.<aggregate>.events`; the catalogue's events use a declared DomainTopic. */
  topic: string;
  /** What happened, for the event catalogue. */
  description: string;
  /** The payload: what changed plus a snapshot after the change. Unknown keys are dropped. */
  data: Data;
}

export interface NewEvent<Data> {
  subject: string;
  unitcode: string;
  aggregateversion: number;
  correlationid: string;
  causationid: string;
  data: Data;
  /** Defaults to now. */
  time?: Date;
}

/** `/<service>` of an event type `vn.danvan.<service>.…`. */
export type SourceOf<Type extends string> = Type extends `vn.danvan.${infer Service}.${string}`
  ? `/${Service}`
  : string;

export interface EventDefinition<Type extends string = string, Data extends z.ZodType = z.ZodType> {
  type: Type;
  name: string;
  version: number;
  topic: string;
  source: SourceOf<Type>;
  description: string;
  dataSchema: Data;
  /** The whole envelope of this event: the common attributes plus this type and data. */
  schema: z.ZodType<EventOf<EventDefinition<Type, Data>>>;
  /** Validates an incoming envelope of this type; unknown attributes and data keys tolerated. */
  parse(value: unknown): EventOf<EventDefinition<Type, Data>>;
  /** A new envelope with a fresh UUID v7 id; throws if the data does not fit the schema. */
  create(event: NewEvent<z.input<Data>>): EventOf<EventDefinition<Type, Data>>;
}

/**
 * The envelope of a defined event, with its literal type and source: a union of these is
 * discriminated by `type`, and narrowed by `source` to one service's events.
 */
export type EventOf<D> =
  D extends EventDefinition<infer Type, infer Data>
    ? Envelope<z.output<Data>, Type, SourceOf<Type>>
    : never;

/** One event version, declared once; each lives in its own file under src/<service>/. */
export function defineEvent<
  const Name extends string,
  const Version extends number,
  Data extends z.ZodType,
>(
  input: EventDefinitionInput<Name, Data> & { version: Version },
): EventDefinition<`${Name}.v${Version}`, Data> {
  const type = `${input.name}.v${input.version}` as `${Name}.v${Version}`;
  if (!EVENT_TYPE_PATTERN.test(type)) {
    throw new Error(`event type "${type}" is not vn.danvan.<service>.<aggregate>.<verb>.v<N>`);
  }
  const service = type.split(".")[2] as string;
  const source = `/${service}` as SourceOf<`${Name}.v${Version}`>;
  if (!input.topic.startsWith(`${service}.`)) {
    throw new Error(`event ${type} belongs to ${service} but names topic ${input.topic}`);
  }
  const schema = envelopeSchema.extend({
    type: z.literal(type),
    source: z.literal(source),
    data: input.data,
  }) as unknown as z.ZodType<EventOf<EventDefinition<`${Name}.v${Version}`, Data>>>;

  return {
    type,
    name: input.name,
    version: input.version,
    topic: input.topic,
    source,
    description: input.description,
    dataSchema: input.data,
    schema,
    parse: (value) => schema.parse(value),
    create(event) {
      const time = event.time ?? new Date();
      return schema.parse({
        specversion: "1.0",
        id: uuidv7(time.getTime()),
        source,
        type,
        subject: event.subject,
        time: time.toISOString(),
        datacontenttype: "application/json",
        unitcode: event.unitcode,
        aggregateversion: event.aggregateversion,
        correlationid: event.correlationid,
        causationid: event.causationid,
        data: event.data,
      });
    },
  };
}

import type { EventDefinition } from "./define-event.ts";
import type { Envelope } from "./envelope.ts";
import { envelopeSchema } from "./envelope.ts";

/** Why an incoming message can never be processed; consumers send such messages to dead letters. */
export class InvalidEventError extends Error {
  override readonly name = "InvalidEventError";
}

export interface ParsedEvent {
  definition: EventDefinition;
  envelope: Envelope;
}

export interface EventRegistry {
  readonly definitions: readonly EventDefinition[];
  get(type: string): EventDefinition | undefined;
  /** Parses raw message bytes or a decoded value into a known, valid event. */
  parse(raw: string | Uint8Array | unknown): ParsedEvent;
}

/** Maps each event type to its schema; a duplicate type is a programming error. */
export function createRegistry(definitions: readonly EventDefinition[]): EventRegistry {
  const byType = new Map<string, EventDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type))
      throw new Error(`event type ${definition.type} registered twice`);
    byType.set(definition.type, definition);
  }
  return {
    definitions,
    get: (type) => byType.get(type),
    parse(raw) {
      let value: unknown = raw;
      if (typeof raw === "string" || raw instanceof Uint8Array) {
        const text = typeof raw === "string" ? raw : Buffer.from(raw).toString("utf8");
        try {
          value = JSON.parse(text);
        } catch {
          throw new InvalidEventError(`not JSON: ${text.slice(0, 80)}`);
        }
      }
      const envelope = envelopeSchema.safeParse(value);
      if (!envelope.success) {
        throw new InvalidEventError(`not a valid event envelope: ${envelope.error.message}`);
      }
      const definition = byType.get(envelope.data.type);
      if (!definition) throw new InvalidEventError(`unknown event type ${envelope.data.type}`);
      const parsed = definition.schema.safeParse(value);
      if (!parsed.success) {
        throw new InvalidEventError(`invalid ${definition.type}: ${parsed.error.message}`);
      }
      return { definition, envelope: parsed.data };
    },
  };
}

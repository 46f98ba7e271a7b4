import type { EventDefinition, EventOf } from "./define-event.ts";
import type { Envelope } from "./envelope.ts";
import { envelopeSchema } from "./envelope.ts";

/** Why an incoming message can never be processed; consumers send such messages to dead letters. */
export class InvalidEventError extends Error {
  override readonly name: string = "InvalidEventError";
}

/**
 * An event type the registry does not hold. `versionOfKnownEvent` tells apart a newer version of
 * an event the consumer handles (it must wait for an upgrade: a dead letter, redriven later) from
 * an event it never handles (nothing to do).
 */
export class UnknownEventTypeError extends InvalidEventError {
  override readonly name = "UnknownEventTypeError";
  readonly type: string;
  readonly versionOfKnownEvent: boolean;

  constructor(type: string, versionOfKnownEvent: boolean) {
    super(`unknown event type ${type}`);
    this.type = type;
    this.versionOfKnownEvent = versionOfKnownEvent;
  }
}

/** A known event: `envelope` is one member of the registry's union, discriminated by `type`. */
export interface ParsedEvent<E extends Envelope = Envelope> {
  definition: EventDefinition;
  envelope: E;
}

export interface EventRegistry<E extends Envelope = Envelope> {
  readonly definitions: readonly EventDefinition[];
  get(type: string): EventDefinition | undefined;
  /** Parses raw message bytes or a decoded value into a known, valid event. */
  parse(raw: string | Uint8Array | unknown): ParsedEvent<E>;
}

/**
 * Maps each event type to its schema; a duplicate type is a programming error. What it parses
 * is typed as the union of its definitions' envelopes, for consumers' exhaustive switches.
 */
export function createRegistry<D extends EventDefinition>(
  definitions: readonly D[],
): EventRegistry<EventOf<D>> {
  const byType = new Map<string, EventDefinition>();
  const names = new Set(definitions.map((d) => d.name));
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
      if (!definition) {
        const name = envelope.data.type.replace(/\.v[0-9]+$/, "");
        throw new UnknownEventTypeError(envelope.data.type, names.has(name));
      }
      const parsed = definition.schema.safeParse(value);
      if (!parsed.success) {
        throw new InvalidEventError(`invalid ${definition.type}: ${parsed.error.message}`);
      }
      return { definition, envelope: parsed.data as EventOf<D> };
    },
  };
}

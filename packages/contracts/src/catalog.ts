import type { EventOf } from "./define-event.ts";
import { petitionEvents } from "./dialogues/petition/index.ts";
import { receptionObligationMissedV1 } from "./dialogues/reception-obligation/index.ts";
import { sessionEvents } from "./dialogues/session/index.ts";
import { createRegistry } from "./registry.ts";

/**
 * Every event version the platform publishes. Each lives in its own file under
 * src/<service>/ and is listed here once, with a fixture in fixtures/<type>.json.
 */
export const allEvents = [
  ...Object.values(petitionEvents),
  ...Object.values(sessionEvents),
  receptionObligationMissedV1,
];

/**
 * Every event of every version, discriminated by `type`: a consumer's `switch (event.type)` that
 * leaves one out fails to compile (see `unhandledEvent`).
 */
export type DanvanEvent = EventOf<(typeof allEvents)[number]>;

/** The events one service publishes, e.g. `ServiceEvent<"dialogues">`. */
export type ServiceEvent<Service extends string> = Extract<DanvanEvent, { source: `/${Service}` }>;

/** A registry of every event, for consumers that read several services' topics. */
export const catalog = createRegistry(allEvents);

/** Parses raw message bytes or a decoded value into one of the platform's events, or throws. */
export const parseEvent = (raw: unknown): DanvanEvent => catalog.parse(raw).envelope;

/**
 * The `default` of an exhaustive switch over events: it compiles only when every case is
 * handled, and throws if a value the types rule out arrives anyway.
 */
export function unhandledEvent(event: never): never {
  throw new Error(`no handler for event ${(event as { type?: string }).type}`);
}

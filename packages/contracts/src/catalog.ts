import type { EventDefinition } from "./define-event.ts";
import { petitionEvents } from "./dialogues/petition/index.ts";
import { receptionObligationMissedV1 } from "./dialogues/reception-obligation/index.ts";
import { sessionEvents } from "./dialogues/session/index.ts";
import { createRegistry } from "./registry.ts";

/**
 * Every event version the platform publishes. Each lives in its own file under
 * src/<service>/ and is listed here once, with a fixture in fixtures/<type>.json.
 */
export const allEvents: readonly EventDefinition[] = [
  ...Object.values(petitionEvents),
  ...Object.values(sessionEvents),
  receptionObligationMissedV1,
];

/** A registry of every event, for consumers that read several services' topics. */
export const catalog = createRegistry(allEvents);

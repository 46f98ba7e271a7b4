import { z } from "zod";
import type { PendingEvent } from "../mongo/index.ts";

/** One line of an aggregate's timeline: an event it published, and who caused it (the audit trail). */
export const timelineEntrySchema = z.object({
  version: z.int().min(1),
  type: z.string(),
  eventId: z.string(),
  at: z.string(),
  actor: z.string(),
  correlationId: z.string(),
  change: z.record(z.string(), z.unknown()),
});

export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** The timeline lines of new events; they are written in the same single-document write. */
export function timelineEntries(events: readonly PendingEvent[], actor: string): TimelineEntry[] {
  return events.map(({ envelope }) => ({
    version: envelope.aggregateversion,
    type: envelope.type,
    eventId: envelope.id,
    at: envelope.time,
    actor,
    correlationId: envelope.correlationid,
    change: (envelope.data as { change?: Record<string, unknown> }).change ?? {},
  }));
}

/** The timeline kept in a stored document (empty for documents written before it was kept). */
export const timelineOf = (document: Record<string, unknown>) =>
  (document.timeline as TimelineEntry[] | undefined) ?? [];

import type { EventDefinition } from "@danvan/contracts";
import type { PendingEvent } from "@danvan/platform/mongo";

export interface CommandMeta {
  correlationId: string;
  traceparent?: string;
  /** The version the client saw; omitted by jobs, which re-read and retry instead. */
  expectedVersion?: number;
}

/**
 * A change's facts as contract events: consecutive aggregate versions after `fromVersion`, each
 * with what changed and the aggregate's snapshot after the change, under the snapshot's key.
 */
export function pendingEvents(options: {
  facts: readonly { name: string; change: Record<string, unknown> }[];
  definitions: Readonly<Record<string, EventDefinition>>;
  subject: string;
  unitCode: string;
  fromVersion: number;
  snapshotKey: "petition" | "session";
  snapshot: unknown;
  meta: CommandMeta;
  time: Date;
  topicPrefix: string | undefined;
}): PendingEvent[] {
  return options.facts.map((fact, i) => {
    const definition = options.definitions[fact.name];
    if (!definition) throw new Error(`no contract event for the fact "${fact.name}"`);
    const envelope = definition.create({
      subject: options.subject,
      unitcode: options.unitCode,
      aggregateversion: options.fromVersion + i + 1,
      correlationid: options.meta.correlationId,
      causationid: options.meta.correlationId,
      time: options.time,
      data: { change: fact.change, [options.snapshotKey]: options.snapshot },
    });
    return {
      topic: options.topicPrefix ? `${options.topicPrefix}.${definition.topic}` : definition.topic,
      envelope,
      ...(options.meta.traceparent ? { traceparent: options.meta.traceparent } : {}),
    };
  });
}

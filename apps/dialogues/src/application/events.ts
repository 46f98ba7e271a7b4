import type { EventDefinition } from "@danvan/contracts";
import type { AggregateRepository, PendingEvent } from "@danvan/platform/mongo";
import { ConcurrencyConflictError } from "@danvan/platform/mongo";

export interface CommandMeta {
  correlationId: string;
  /** Who asked: the user's `sub`, or `system:<job>` for the service's own jobs. */
  actor: string;
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

/** One line of an aggregate's timeline: an event it published, and who caused it (the audit trail). */
export interface TimelineEntry {
  version: number;
  type: string;
  eventId: string;
  at: string;
  actor: string;
  correlationId: string;
  change: Record<string, unknown>;
}

/**
 * The stored state with the timeline so far and a line per new event. The timeline lives in the
 * aggregate's document, so it is written in the same single-document write as the change.
 */
export function withTimeline<S extends Record<string, unknown>>(
  state: S,
  previous: Record<string, unknown> | null,
  events: readonly PendingEvent[],
  actor: string,
): S {
  const before = (previous?.timeline as TimelineEntry[] | undefined) ?? [];
  const added = events.map(({ envelope }) => ({
    version: envelope.aggregateversion,
    type: envelope.type,
    eventId: envelope.id,
    at: envelope.time,
    actor,
    correlationId: envelope.correlationid,
    change: (envelope.data as { change: Record<string, unknown> }).change,
  }));
  return { ...state, timeline: [...before, ...added] };
}

/** The timeline kept in a stored state (empty for documents written before it was kept). */
export const timelineOf = (state: Record<string, unknown>) =>
  (state.timeline as TimelineEntry[] | undefined) ?? [];

interface Fact {
  name: string;
  change: Record<string, unknown>;
}

/**
 * One command on an existing aggregate, the same for petitions and sessions: load, honour the
 * client's expected version, decide, and write the new state with its events in one
 * version-guarded write, removing the fields the new state no longer has.
 */
export async function changeAggregate<A, S extends Record<string, unknown>>(options: {
  repository: AggregateRepository<S>;
  id: string;
  meta: CommandMeta;
  notFound: () => Error;
  /** Throws to refuse the command after seeing the current aggregate (the caller's scope). */
  guard?: ((current: A) => void) | undefined;
  fromState: (id: string, state: S) => A;
  toState: (aggregate: A) => S;
  decide: (current: A) => { aggregate: A; facts: readonly Fact[] };
  events: (aggregate: A, facts: readonly Fact[], fromVersion: number) => PendingEvent[];
}): Promise<{ aggregate: A; version: number }> {
  const { repository, id, meta } = options;
  const loaded = await repository.get(id);
  if (!loaded) throw options.notFound();
  const current = options.fromState(id, loaded.state);
  // Scope first: a caller outside it learns nothing, not even the current version.
  options.guard?.(current);
  if (meta.expectedVersion !== undefined && meta.expectedVersion !== loaded.version) {
    throw new ConcurrencyConflictError(id, meta.expectedVersion, loaded.version);
  }
  const { aggregate, facts } = options.decide(current);
  const events = options.events(aggregate, facts, loaded.version);
  const state = withTimeline(options.toState(aggregate), loaded.state, events, meta.actor);
  const removed = Object.keys(loaded.state).filter((field) => !(field in state));
  const version = await repository.update(id, loaded.version, state, events, { unset: removed });
  return { aggregate, version };
}

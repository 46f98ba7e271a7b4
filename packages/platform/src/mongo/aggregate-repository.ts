import type { Envelope } from "@danvan/contracts";
import { toKafkaRecord } from "@danvan/contracts";
import type { Collection } from "./connection.ts";
import {
  AggregateExistsError,
  AggregateNotFoundError,
  ConcurrencyConflictError,
  isDuplicateKey,
} from "./errors.ts";

/** An event waiting in its aggregate's document to be published, serialised once. */
export interface OutboxEntry {
  id: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Fields the repository owns; an aggregate's state may not use these names. */
const RESERVED = ["_id", "version", "outbox", "outboxPendingSince"] as const;

export interface AggregateDocument {
  _id: string;
  version: number;
  outbox: OutboxEntry[];
  /** Set while the outbox holds events; the relay finds work by this indexed field. */
  outboxPendingSince?: Date;
}

/** Update documents are built as plain objects: the driver's types cannot express $push $each on a generic document. */
type Update = Record<string, Record<string, unknown>>;

export interface Loaded<State> {
  id: string;
  version: number;
  state: State;
}

export interface PendingEvent {
  topic: string;
  envelope: Envelope;
  /** W3C traceparent of the request or event that caused it, carried in the Kafka headers. */
  traceparent?: string;
}

export interface AggregateRepository<State extends Record<string, unknown>> {
  readonly collection: Collection<AggregateDocument>;
  get(id: string): Promise<Loaded<State> | null>;
  /** Creates the aggregate with its first events; its version becomes the number of events. */
  create(id: string, state: State, events: PendingEvent[]): Promise<number>;
  /**
   * Applies a change and appends its events in ONE single-document write, guarded by the version
   * the change was decided on: a stale write is a ConcurrencyConflictError, never an overwrite.
   */
  update(
    id: string,
    expectedVersion: number,
    state: Partial<State>,
    events: PendingEvent[],
    /** `unset`: fields the state no longer has, removed in the same write. */
    options?: { unset?: string[] },
  ): Promise<number>;
}

export interface RepositoryOptions {
  /** Told after every successful write, with the collection, so the relay publishes at once. */
  onWrite?: (collectionName: string) => void;
}

function toOutbox(events: PendingEvent[], id: string, firstVersion: number): OutboxEntry[] {
  if (events.length === 0) throw new Error(`a change to ${id} must record at least one event`);
  return events.map(({ topic, envelope, traceparent }, i) => {
    if (envelope.subject !== id) {
      throw new Error(`event ${envelope.type} has subject ${envelope.subject}, not ${id}`);
    }
    if (envelope.aggregateversion !== firstVersion + i) {
      throw new Error(
        `event ${envelope.type} of ${id} has aggregateversion ${envelope.aggregateversion}, expected ${firstVersion + i}`,
      );
    }
    return { id: envelope.id, topic, ...toKafkaRecord(envelope, traceparent) };
  });
}

function checkState(state: Record<string, unknown>) {
  for (const field of RESERVED) {
    if (field in state)
      throw new Error(`aggregate state may not set the reserved field "${field}"`);
  }
}

/** Aggregates of one kind in one collection, each document carrying its own outbox. */
export function createAggregateRepository<State extends Record<string, unknown>>(
  collection: Collection<AggregateDocument>,
  options: RepositoryOptions = {},
): AggregateRepository<State> {
  const notify = () => options.onWrite?.(collection.collectionName);
  return {
    collection,
    async get(id) {
      const doc = await collection.findOne(
        { _id: id },
        { projection: { outbox: 0, outboxPendingSince: 0 } },
      );
      if (!doc) return null;
      const { _id, version, ...state } = doc;
      return { id: _id, version, state: state as unknown as State };
    },
    async create(id, state, events) {
      checkState(state);
      const outbox = toOutbox(events, id, 1);
      try {
        await collection.insertOne({
          ...(state as object),
          _id: id,
          version: events.length,
          outbox,
          outboxPendingSince: new Date(),
        });
      } catch (error) {
        if (isDuplicateKey(error)) throw new AggregateExistsError(id);
        throw error;
      }
      notify();
      return events.length;
    },
    async update(id, expectedVersion, state, events, options: { unset?: string[] } = {}) {
      checkState(state);
      const unset = options.unset ?? [];
      checkState(Object.fromEntries(unset.map((field) => [field, true])));
      const outbox = toOutbox(events, id, expectedVersion + 1);
      const change: Update = {
        $inc: { version: events.length },
        $push: { outbox: { $each: outbox } },
        $min: { outboxPendingSince: new Date() },
      };
      if (Object.keys(state).length > 0) change.$set = state;
      if (unset.length > 0) change.$unset = Object.fromEntries(unset.map((field) => [field, ""]));
      const result = await collection.updateOne(
        { _id: id, version: expectedVersion },
        change as never,
      );
      if (result.matchedCount === 0) {
        const current = await collection.findOne({ _id: id }, { projection: { version: 1 } });
        if (!current) throw new AggregateNotFoundError(id);
        throw new ConcurrencyConflictError(id, expectedVersion, current.version);
      }
      notify();
      return expectedVersion + events.length;
    },
  };
}

/** The index the relay's query needs; create it at start-up with the service's other indexes. */
export async function ensureOutboxIndex(collection: Collection<AggregateDocument>): Promise<void> {
  await collection.createIndex({ outboxPendingSince: 1 }, { name: "outbox_pending" });
}

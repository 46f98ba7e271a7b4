import type { Fact } from "../domain/index.ts";
import type {
  AggregateDocument,
  AggregateRepository,
  Collection,
  Database,
  PendingEvent,
} from "../mongo/index.ts";
import {
  AggregateNotFoundError,
  ConcurrencyConflictError,
  createAggregateRepository,
  ensureOutboxIndex,
  findPage,
} from "../mongo/index.ts";
import type { FieldCipher } from "../personal-data/index.ts";
import type { AggregateDeclaration, DecisionContext } from "./declaration.ts";
import type { TimelineEntry } from "./timeline.ts";
import { timelineEntries, timelineOf } from "./timeline.ts";

/** What a command carries besides itself: who asked, in which request, from which version. */
export interface CommandMeta {
  correlationId: string;
  /** The user's `sub`, or `system:<job>` for the service's own jobs. */
  actor: string;
  traceparent?: string;
  /** The version the client saw (If-Match); jobs omit it and retry on conflicts instead. */
  expectedVersion?: number;
}

/** An aggregate after a command: its state and its version. */
export interface Changed<State> {
  state: State;
  version: number;
}

export interface AggregateStore<State extends { id: string }, Command> {
  readonly collection: Collection<AggregateDocument>;
  /** Stored fields that are not the state (query fields, the timeline): list queries hide them. */
  readonly hiddenFields: readonly string[];
  /** Creates an aggregate: `decide` on nothing. An id taken already is an AggregateExistsError. */
  create(command: Command, meta: CommandMeta): Promise<Changed<State>>;
  /**
   * A command on an existing aggregate: load it, let `authorize` refuse (before the version is
   * compared, so a caller outside the scope learns nothing), honour `meta.expectedVersion`,
   * decide, and write the state with its events in one version-guarded write.
   */
  execute(
    id: string,
    command: Command,
    meta: CommandMeta,
    /** May throw, or reject: a refusal (403, 404, 422 for what the command names) writes nothing. */
    authorize?: (state: State) => void | Promise<void>,
  ): Promise<Changed<State>>;
  load(id: string): Promise<(Changed<State> & { timeline: TimelineEntry[] }) | null>;
  /** A page of aggregates as states, and how many the filter matches (a list query's answer). */
  list(query: {
    filter: Record<string, unknown>;
    /** End with a unique field (`_id`) so that pages never share or skip an aggregate. */
    sort: Record<string, 1 | -1>;
    offset: number;
    limit: number;
  }): Promise<{ total: number; items: Changed<State>[] }>;
  /** A stored document (as list queries return it, with `version`) as the state. */
  stateOf(document: Record<string, unknown>): State;
}

/**
 * The aggregate command pipeline over a declaration (docs/architecture.md §3, §5): load → decide →
 * envelopes → one write of state, timeline and outbox guarded by the version → `onWrite` (which
 * wakes the relay). Creates the outbox index of its collection.
 */
export async function createAggregateStore<
  State extends { id: string },
  Command,
  Context extends DecisionContext,
  F extends Fact,
>(
  declaration: AggregateDeclaration<State, Command, Context, F>,
  options: {
    database: Database;
    /**
     * The decision's context, fresh for each command (its `now`, the calendar in force, …);
     * the current time alone when not given.
     */
    context?: () => Context;
    /** Told after every write (the outbox publisher's `wake`). */
    onWrite: (collectionName: string) => void;
    /**
     * Checks what a command names against reference data before it is decided (a unit valid on
     * the fact's day, an agency of the registry), throwing ReferenceRefusedError: `decide` stays
     * pure, and the same rule holds for every route, job and seed that runs the command.
     */
    checkReferences?: (command: Command, current: State | null, context: Context) => void;
    /** Seals the declaration's `personalData` at rest; required when it names any. */
    cipher?: FieldCipher;
  },
): Promise<AggregateStore<State, Command>> {
  const collection = options.database.collection<AggregateDocument>(declaration.collection);
  await ensureOutboxIndex(collection);
  const repository: AggregateRepository<Record<string, unknown>> = createAggregateRepository(
    collection,
    { onWrite: options.onWrite },
  );
  const context = options.context ?? (() => ({ now: new Date() }) as Context);
  const queryFieldNames = declaration.queryFields?.names ?? [];
  const hiddenFields = [...queryFieldNames, "timeline"];

  const sealing = personalDataSealing(declaration, options.cipher);

  const stateOf = (document: Record<string, unknown>): State => {
    const { _id, version: _version, ...rest } = document;
    for (const field of hiddenFields) delete rest[field];
    const id = (_id ?? document.id) as string;
    return { ...sealing.open(rest, id), id } as unknown as State;
  };

  /**
   * The stored document of a state: without its id (the document's `_id`), with query fields,
   * its personal data sealed.
   */
  const documentOf = (state: State) => {
    const { id, ...fields } = state as Record<string, unknown> & { id: string };
    return { ...sealing.seal(fields, id), ...declaration.queryFields?.of(state) };
  };

  const unitCodeOf = (state: State): string => {
    const code = declaration.unitCode
      ? declaration.unitCode(state)
      : (state as { unitCode?: unknown }).unitCode;
    if (typeof code !== "string") {
      throw new Error(`${declaration.name} ${state.id} has no unitCode: declare unitCode(state)`);
    }
    return code;
  };
  const snapshotOf = (state: State) => (declaration.snapshot ? declaration.snapshot(state) : state);

  const envelopes = (
    state: State,
    facts: readonly F[],
    fromVersion: number,
    meta: CommandMeta,
    time: Date,
  ): PendingEvent[] =>
    facts.map((fact, i) => {
      const definition = declaration.events[fact.name as F["name"]];
      if (!definition) {
        throw new Error(`${declaration.name}: no contract event for the fact "${fact.name}"`);
      }
      const envelope = definition.create({
        subject: state.id,
        unitcode: unitCodeOf(state),
        aggregateversion: fromVersion + i + 1,
        correlationid: meta.correlationId,
        causationid: meta.correlationId,
        time,
        data: declaration.data
          ? declaration.data(fact, state)
          : { change: fact.change, [declaration.name]: snapshotOf(state) },
      });
      return {
        topic: definition.topic,
        envelope,
        ...(meta.traceparent ? { traceparent: meta.traceparent } : {}),
      };
    });

  return {
    collection,
    hiddenFields,
    stateOf,
    async create(command, meta) {
      const decisionContext = context();
      options.checkReferences?.(command, null, decisionContext);
      const { state, facts } = declaration.decide(null, command, decisionContext);
      const events = envelopes(state, facts, 0, meta, decisionContext.now);
      const document = { ...documentOf(state), timeline: timelineEntries(events, meta.actor) };
      const version = await repository.create(state.id, document, events);
      return { state, version };
    },
    async execute(id, command, meta, authorize) {
      const loaded = await repository.get(id);
      if (!loaded) throw new AggregateNotFoundError(id);
      const current = stateOf({ ...loaded.state, _id: id });
      await authorize?.(current);
      if (meta.expectedVersion !== undefined && meta.expectedVersion !== loaded.version) {
        throw new ConcurrencyConflictError(id, meta.expectedVersion, loaded.version);
      }
      const decisionContext = context();
      options.checkReferences?.(command, current, decisionContext);
      const { state, facts } = declaration.decide(current, command, decisionContext);
      const events = envelopes(state, facts, loaded.version, meta, decisionContext.now);
      const document = {
        ...documentOf(state),
        timeline: [...timelineOf(loaded.state), ...timelineEntries(events, meta.actor)],
      };
      const removed = Object.keys(loaded.state).filter((field) => !(field in document));
      const version = await repository.update(id, loaded.version, document, events, {
        unset: removed,
      });
      return { state, version };
    },
    async list(query) {
      const { total, items } = await findPage(collection, { ...query, hide: hiddenFields });
      return {
        total,
        items: items.map((item) => ({ state: stateOf(item), version: item.version })),
      };
    },
    async load(id) {
      const loaded = await repository.get(id);
      if (!loaded) return null;
      return {
        state: stateOf({ ...loaded.state, _id: id }),
        version: loaded.version,
        timeline: timelineOf(loaded.state),
      };
    },
  };
}

/**
 * Seals and opens the declared personal-data paths of a stored state. A value stored before
 * sealing was turned on is read as it is and sealed at the aggregate's next write.
 */
function personalDataSealing(
  declaration: { name: string; personalData?: readonly string[] },
  cipher: FieldCipher | undefined,
) {
  const paths = (declaration.personalData ?? []).map((path) => path.split("."));
  if (paths.length > 0 && !cipher) {
    throw new Error(
      `${declaration.name} declares personal data: give createAggregateStore a cipher`,
    );
  }
  const map = (
    fields: Record<string, unknown>,
    id: string,
    change: (value: unknown, context: string) => unknown,
  ) => {
    if (!cipher || paths.length === 0) return fields;
    const copy = structuredClone(fields);
    for (const path of paths) {
      const parent = path
        .slice(0, -1)
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], copy);
      const leaf = path.at(-1) as string;
      if (typeof parent !== "object" || parent === null || !(leaf in parent)) continue;
      const holder = parent as Record<string, unknown>;
      holder[leaf] = change(holder[leaf], `${declaration.name}/${id}/${path.join(".")}`);
    }
    return copy;
  };
  return {
    seal: (fields: Record<string, unknown>, id: string) =>
      // Always sealed: a state's values are plain text, even one that looks sealed.
      map(fields, id, (value, context) =>
        typeof value === "string" ? cipher?.seal(value, context) : value,
      ),
    open: (fields: Record<string, unknown>, id: string) =>
      map(fields, id, (value, context) =>
        cipher?.isSealed(value) ? cipher.open(value, context) : value,
      ),
  };
}

import type { EventDefinition } from "@danvan/contracts";
import type { Decision, Fact } from "../domain/index.ts";

/** The context every decision gets: at least the time it happens at. */
export interface DecisionContext {
  now: Date;
}

/**
 * An aggregate as a service declares it: its name and collection, the pure `decide` of its
 * domain, the contract event of each fact, and what its events carry. The kit does the rest:
 * load, decide, envelopes, one version-guarded write of state and outbox, waking the relay.
 */
export interface AggregateDeclaration<
  State extends { id: string },
  Command,
  Context extends DecisionContext,
  F extends Fact,
> {
  /** As in its event types (`petition`); events carry its snapshot under this key. */
  name: string;
  /** The collection of its documents. */
  collection: string;
  /** The contract event of each fact the domain decides. */
  events: Readonly<Record<F["name"], EventDefinition>>;
  /**
   * Pure: the aggregate after the command (`null` before it exists) and the facts, or a
   * TransitionRefusedError naming the state that refuses it.
   */
  decide(state: State | null, command: Command, context: Context): Decision<State, F>;
  /**
   * The administrative unit its facts belong to: each event's `unitcode`; the state's own
   * `unitCode` when not given (every aggregate of a unit stores its code, docs/architecture.md §6).
   */
  unitCode?(state: State): string;
  /**
   * What its events carry of it; the whole state when not given. Leave out personal data: events
   * are kept forever.
   */
  snapshot?(state: State): unknown;
  /** An event's `data`; `{ change, [name]: snapshot }` unless the contract says otherwise. */
  data?(fact: F, state: State): unknown;
  /**
   * Fields stored beside the state for queries (folded search tokens, sort keys, the running
   * deadline): computed at every write, never part of the state a load returns.
   */
  queryFields?: { names: readonly string[]; of(state: State): Record<string, unknown> };
  /**
   * Personal data: paths of string fields of the state (`petitioner.phone`) sealed at rest with
   * the service's field cipher (`createAggregateStore`'s `cipher`), opened when loaded. Keep
   * them out of query fields and snapshots.
   */
  personalData?: readonly string[];
}

/** Declares an aggregate; the identity function, for its types to be inferred in one place. */
export function defineAggregate<
  State extends { id: string },
  Command,
  Context extends DecisionContext,
  F extends Fact,
>(
  declaration: AggregateDeclaration<State, Command, Context, F>,
): AggregateDeclaration<State, Command, Context, F> {
  return declaration;
}

export type { AggregateDeclaration, DecisionContext } from "./declaration.ts";
export { defineAggregate } from "./declaration.ts";
export type { AggregateStore, Changed, CommandMeta } from "./store.ts";
export { createAggregateStore } from "./store.ts";
export type { TimelineEntry } from "./timeline.ts";
export { timelineEntrySchema } from "./timeline.ts";

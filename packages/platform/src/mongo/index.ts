export type {
  AggregateDocument,
  AggregateRepository,
  Loaded,
  OutboxEntry,
  PendingEvent,
  RepositoryOptions,
} from "./aggregate-repository.ts";
export { createAggregateRepository, ensureOutboxIndex } from "./aggregate-repository.ts";
export type { AnyBulkWriteOperation } from "./bulk.ts";
export {
  bulkWriteInSlices,
  insertManyRefusingDuplicates,
  MAX_STATEMENTS_PER_COMMAND,
} from "./bulk.ts";
export type { Collection, Database } from "./connection.ts";
export { connectDatabase } from "./connection.ts";
export {
  AggregateExistsError,
  AggregateNotFoundError,
  ConcurrencyConflictError,
  isDuplicateKey,
} from "./errors.ts";
export type { MigrationRecord } from "./migrations.ts";
export { migrateOnce } from "./migrations.ts";
export type { PageQuery } from "./page.ts";
export { findPage } from "./page.ts";
export { writeNewerSnapshots } from "./read-model.ts";
export { tokenPrefixClauses } from "./search.ts";

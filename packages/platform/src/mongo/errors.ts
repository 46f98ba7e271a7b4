/** A write based on a version that is no longer current: someone else changed the aggregate. */
export class ConcurrencyConflictError extends Error {
  override readonly name = "ConcurrencyConflictError";
  readonly aggregateId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;

  constructor(aggregateId: string, expectedVersion: number, actualVersion: number) {
    super(`${aggregateId} is at version ${actualVersion}, not ${expectedVersion}`);
    this.aggregateId = aggregateId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

export class AggregateNotFoundError extends Error {
  override readonly name = "AggregateNotFoundError";
  readonly aggregateId: string;

  constructor(aggregateId: string) {
    super(`${aggregateId} does not exist`);
    this.aggregateId = aggregateId;
  }
}

export class AggregateExistsError extends Error {
  override readonly name = "AggregateExistsError";
  readonly aggregateId: string;

  constructor(aggregateId: string) {
    super(`${aggregateId} already exists`);
    this.aggregateId = aggregateId;
  }
}

/** MongoDB's duplicate-key error (also FerretDB's). */
export const isDuplicateKey = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === 11000;

import type { AggregateDocument } from "./aggregate-repository.ts";
import type { Collection } from "./connection.ts";

export interface PageQuery {
  filter: Record<string, unknown>;
  /** End with a unique field (`_id`) so that pages never share or skip a document. */
  sort: Record<string, 1 | -1>;
  offset: number;
  limit: number;
  /** Stored fields readers must not get (search tokens, sort keys, timelines …). */
  hide?: readonly string[];
}

/**
 * One page of a list of aggregates and the number the filter matches: plain objects with `_id`
 * as `id`, without the outbox or the hidden fields.
 */
export async function findPage(
  collection: Collection<AggregateDocument>,
  query: PageQuery,
): Promise<{
  total: number;
  items: ({ id: string; version: number } & Record<string, unknown>)[];
}> {
  const projection = Object.fromEntries(
    ["outbox", "outboxPendingSince", ...(query.hide ?? [])].map((field) => [field, 0]),
  );
  const [total, documents] = await Promise.all([
    collection.countDocuments(query.filter),
    collection
      .find(query.filter, { projection })
      .sort(query.sort)
      .skip(query.offset)
      .limit(query.limit)
      .toArray(),
  ]);
  return {
    total,
    items: documents.map(({ _id, ...rest }) => ({ ...rest, id: _id, version: rest.version })),
  };
}

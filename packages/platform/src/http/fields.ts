import {
  agencyCodeSchema,
  communeCodeSchema,
  currentUnitCodeSchema,
  instantInputSchema,
  localDateSchema,
} from "@danvan/contracts";
import { endOfLocalDay, startOfLocalDay } from "@danvan/vietnam/calendar";
import { normalizeTonePlacement } from "@danvan/vietnam/text";
import { z } from "zod";

/**
 * A label people pick and compare (a petition's topic, a tag): trimmed, spaces collapsed, tone
 * marks placed by one rule, so "Hoà giải" and "Hòa giải" are one topic, not two.
 */
const tag = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((text) => normalizeTonePlacement(text.replace(/\s+/g, " ")));

/** The field schemas every service's API is made of, so that all validate alike. */
export const fields = {
  /** Trimmed, non-empty text of at most `max` characters: every free-text field. */
  text: (max: number) => z.string().trim().min(1).max(max),
  tag,
  /** At most `count` tags, each once (after tone placement: "Hoà" and "Hòa" are one). */
  tags: (max: number, count: number) =>
    z
      .array(tag(max))
      .max(count)
      .transform((tags) => [...new Set(tags)]),
  /**
   * An instant in a body: ISO 8601 with Z or an offset, between 1900 and 2100, stored in one form
   * (UTC, milliseconds) so that stored instants compare as strings — "…T02:00:00Z" would sort
   * after "…T02:00:00.000Z" — and always what the events carry (`instantSchema`).
   */
  instant: instantInputSchema,
  /**
   * A calendar day in a query (2025-07-01), between 1900 and 2100: a day outside that is a typo,
   * and no calendar or unit list covers it.
   */
  date: localDateSchema,
  /** A period bound in a query: a date (a whole day in Vietnam) or an exact date-time, 1900–2100. */
  day: localDateSchema.or(instantInputSchema),
  /** An administrative unit of today: a province (2 digits) or a commune (5 digits). */
  unitCode: currentUnitCodeSchema,
  /** A commune (5 digits). */
  communeCode: communeCodeSchema,
  /** An agency (sở, ban, ngành), e.g. SO-TNMT. */
  agencyCode: agencyCodeSchema,
  /** Free-text search in a list query, folded into tokens by the route. */
  searchText: z.string().max(200),
  /** Paging of every list: 1-based pages of at most 100 items. */
  paging: {
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  },
};

/** The answer of every list: a page of items, how many match in all, and the page asked for. */
export const pageSchema = <Item extends z.ZodType>(item: Item) =>
  z.object({
    items: z.array(item),
    total: z.int().min(0),
    page: z.int().min(1),
    pageSize: z.int().min(1),
  });

/** Where a page of a list starts and how long it is, from a query's `page` and `pageSize`. */
export const pageWindow = (query: { page: number; pageSize: number }) => ({
  offset: (query.page - 1) * query.pageSize,
  limit: query.pageSize,
});

/** A list's answer (`pageSchema`): the page's items, how many match in all, the page asked for. */
export const pageAnswer = <Item>(
  query: { page: number; pageSize: number },
  found: { total: number; items: Item[] },
) => ({ items: found.items, total: found.total, page: query.page, pageSize: query.pageSize });

/** A `from` bound (`fields.day`) as an instant: a date means the start of its day in Vietnam. */
export const periodStart = (value: string) =>
  value.length === 10 ? startOfLocalDay(value) : new Date(value).toISOString();

/** A `to` bound (`fields.day`) as an instant: a date means the end of its day in Vietnam. */
export const periodEnd = (value: string) =>
  value.length === 10 ? endOfLocalDay(value) : new Date(value).toISOString();

import { fold } from "./normalize.ts";

const NON_WORD = /[^\p{L}\p{N}]+/u;

/**
 * The folded words of a text, each once, in order of first appearance: what a document stores
 * (and indexes) for search, and what a user's query is turned into before matching. "Dân vận
 * khéo", "DÂN VẬN KHÉO" and "dan van kheo" all give ["dan", "van", "kheo"].
 */
export function searchTokens(text: string): string[] {
  return [
    ...new Set(
      fold(text)
        .split(NON_WORD)
        .filter((token) => token.length > 0),
    ),
  ];
}

/**
 * Whether a query finds a document: every word of the query begins some stored word, so a user
 * typing "ha no" already finds "Hà Nội". In MongoDB the same test is `$all` of anchored regexes
 * (`^ha`, `^no`) on the stored token array, which uses a normal index.
 */
export function matchesQuery(storedTokens: readonly string[], query: string): boolean {
  return matchesTokens(storedTokens, searchTokens(query));
}

/** matchesQuery for a query already turned into tokens, when one query is tested against many documents. */
export function matchesTokens(
  storedTokens: readonly string[],
  queryTokens: readonly string[],
): boolean {
  return queryTokens.every((word) => storedTokens.some((stored) => stored.startsWith(word)));
}

const escapeRegex = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Filter clauses for a folded search (docs/domain.md "Vietnamese text"): every query token must begin
 * one of the document's stored tokens, an anchored regex that both MongoDB and FerretDB answer from
 * an index on the token array. Tokens come from `searchTokens` of @danvan/vietnam; the escaping
 * keeps a token a literal even if it holds regex characters.
 */
export function tokenPrefixClauses(
  tokens: readonly string[],
  field = "searchTokens",
): Record<string, unknown>[] {
  return tokens.map((token) => ({ [field]: { $regex: `^${escapeRegex(token)}` } }));
}

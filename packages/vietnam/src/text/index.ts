export { collator, compareVietnamese } from "./collation.ts";
export { nameKey, sameName } from "./name-key.ts";
export { fold, nfc } from "./normalize.ts";
export { slug } from "./slug.ts";
export { vietnameseSortKey } from "./sort-key.ts";
export { matchesQuery, matchesTokens, searchTokens } from "./tokens.ts";
export { normalizeTonePlacement } from "./tone-placement.ts";

/**
 * Vietnamese alphabetical order: a ă â b c d đ e ê … o ô ơ … u ư v … (Đ after D, Ơ after Ô after O,
 * Ư after U). For sorting only: with `sensitivity: "base"` this collator still tells â from a, so
 * it cannot answer "is this the same word without diacritics" — match on `fold`/`searchTokens`.
 */
export const collator = new Intl.Collator("vi");

export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}

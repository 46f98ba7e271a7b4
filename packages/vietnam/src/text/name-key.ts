import { nfc } from "./normalize.ts";
import { normalizeTonePlacement } from "./tone-placement.ts";

/**
 * The identity of a name, for "is this the same unit / model / tag": NFC, tone marks placed by one
 * rule, spaces collapsed, lower case. "Hòa Bình", "Hoà  Bình" and "hoà bình" share a key;
 * "Hoa Bình" does not — diacritics are part of the name, unlike in `fold`.
 */
export function nameKey(name: string): string {
  return normalizeTonePlacement(nfc(name).trim().replace(/\s+/g, " ")).toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

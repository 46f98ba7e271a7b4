import { nfc } from "./normalize.ts";
import { normalizeTonePlacement } from "./tone-placement.ts";

/**
 * The letters and signs a name is written with, in the order `Intl.Collator("vi")` puts them when
 * tones and case are set aside (ICU's Vietnamese tailoring: ă and â after a, đ after d, ô and ơ after
 * o, ư after u; spaces and punctuation before digits before letters). Copied from the collator once;
 * the test compares keys with the collator on random names, so a drift shows.
 */
const PRIMARY_ORDER = [
  ..." _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$",
  ..."0123456789",
  ..."aăâbcdđeêfghijklmnoôơpqrstuưvwxyz",
];

/** Tone marks (NFD) in the collator's order: none, huyền, hỏi, ngã, sắc, nặng. */
const TONE_ORDER = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"];
/** Marks that make another letter (ă â ê ô ơ ư) rather than a tone. */
const LETTER_MARKS = /[\u0302\u0306\u031b]/;
const MARKS = /\p{M}/u;

// Weights are single ASCII characters above the level separator, so keys compare as plain strings
// in any database, byte by byte, without a collation (FerretDB has none).
const LEVEL_SEPARATOR = " ";
const FIRST_WEIGHT = 0x21;
/** Starts a weight for a character outside the table: "~" and its code point in 6 hex digits. */
const OTHER = "~";

const primaryWeight = new Map(
  PRIMARY_ORDER.map((letter, rank) => [letter, String.fromCharCode(FIRST_WEIGHT + rank)]),
);

function weigh(character: string): { primary: string; secondary: string; tertiary: string } {
  const lower = character.toLowerCase();
  const decomposed = [...lower.normalize("NFD")];
  const base = (decomposed[0] ?? "") + decomposed.filter((m) => LETTER_MARKS.test(m)).join("");
  const marks = decomposed.slice(1).filter((m) => MARKS.test(m) && !LETTER_MARKS.test(m));
  const letter = base.normalize("NFC");
  const known = primaryWeight.get(letter);
  const tone = marks.length === 0 ? 0 : TONE_ORDER.indexOf(marks[0] ?? "");
  return {
    primary: known ?? OTHER + (letter.codePointAt(0) ?? 0).toString(16).padStart(6, "0"),
    // A mark that is not a Vietnamese tone (é is, ç is not) sorts after the tones.
    secondary: String(tone === -1 ? TONE_ORDER.length : tone),
    tertiary: character === lower ? "0" : "1",
  };
}

/**
 * A string whose plain (binary) order is the Vietnamese alphabetical order of the names it was made
 * from: store it next to a name and sort on it where the database has no collation. Compared as
 * ICU does, level by level: letters first, then tones, then case ("an" < "ăn" < "ân"; "Dũng" <
 * "Đức"; "Hà" < "Hạ"; "an" < "An").
 *
 * The name is NFC'd, trimmed, its spaces collapsed and its tone marks placed by one rule first, so
 * "Hòa" and "Hoà" get the same key. Characters outside the Vietnamese alphabet, digits and ASCII
 * signs sort after z by code point (ICU would put some of them elsewhere).
 */
export function vietnameseSortKey(name: string): string {
  const characters = [...normalizeTonePlacement(nfc(name).trim().replace(/\s+/g, " "))];
  const weights = characters.map(weigh);
  return [
    weights.map((w) => w.primary).join(""),
    weights.map((w) => w.secondary).join(""),
    weights.map((w) => w.tertiary).join(""),
  ].join(LEVEL_SEPARATOR);
}

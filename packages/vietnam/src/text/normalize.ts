/** Every string that enters the system goes through this: "Thủy" in NFD is not "Thủy" in NFC. */
export function nfc(text: string): string {
  return text.normalize("NFC");
}

/** The combining marks NFD splits off Latin letters: Vietnamese tones, breve, circumflex, horn. */
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * The search form of a text: NFD, combining marks dropped, đ→d and Đ→D (đ is a letter of its own,
 * not d with a mark, so NFD leaves it alone), lower case. "Dân vận khéo" → "dan van kheo".
 *
 * Ð (U+00D0, Icelandic eth) and ð are folded to d as well: legacy Vietnamese encodings and some
 * keyboards produce Ð where Đ was meant, and a search must still find "Ðình" as "dinh".
 */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/[đð]/g, "d")
    .replace(/[ĐÐ]/g, "D")
    .toLowerCase();
}

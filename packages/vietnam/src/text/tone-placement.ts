/** The five Vietnamese tone marks as NFD combining characters: huyền, sắc, ngã, hỏi, nặng. */
const TONE_MARKS = new Set(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]);
const VOWELS = new Set([..."aăâeêioôơuưy"]);
/** Vowels whose own diacritic (breve, circumflex, horn) makes them carry the tone. */
const MARKED_VOWELS = new Set([..."ăâêôơư"]);
const CONSONANT = /^[a-zđ]$/;

/**
 * Puts every syllable's tone mark on the vowel chosen by one fixed rule, so that the old and new
 * placement ("Hòa"/"Hoà", "Thủy"/"Thuỷ", "Khỏe"/"Khoẻ") and misplaced marks ("tóan") become the
 * same string. Letters, case and the tone itself are kept; only the mark's position moves, and the
 * result is NFC.
 *
 * The rule, applied to the syllable's vowels (after "qu", and after "gi" when a vowel follows, whose
 * u/i belong to the initial consonant):
 * 1. a vowel with its own diacritic (ă â ê ô ơ ư) takes the tone; the last one when there are two
 *    (ươ → ơ: "được");
 * 2. a single vowel takes it;
 * 3. before a final consonant, the last vowel takes it ("hoàng", "huỳnh", "toán");
 * 4. in an open syllable, the middle of three vowels ("xoáy", "khuỷu") and the first of two
 *    ("cháo", "của", "hòa", "khỏe", "thủy").
 *
 * Rule 4 is the traditional placement for oa/oe/uy, the one the official list of administrative
 * units uses ("Thanh Hóa", "Khánh Hòa", "Thái Thụy"), so official names come out unchanged.
 * Words that are not one Vietnamese syllable (no vowel, vowels after the final consonant, letters
 * outside the Vietnamese alphabet, two tone marks) are left as they are.
 */
export function normalizeTonePlacement(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\p{L}\p{M}]+/gu, placeTone)
    .normalize("NFC");
}

function placeTone(word: string): string {
  const tones = [...word].filter((character) => TONE_MARKS.has(character));
  const [tone] = tones;
  if (tone === undefined || tones.length > 1) return word;
  const letters = [...word.replace(tone, "").normalize("NFC")];
  const target = toneVowelIndex(letters.map((letter) => letter.toLowerCase()));
  if (target === undefined) return word;
  return letters.map((letter, index) => (index === target ? letter + tone : letter)).join("");
}

function toneVowelIndex(letters: readonly string[]): number | undefined {
  if (!letters.every((letter) => VOWELS.has(letter) || CONSONANT.test(letter))) return undefined;
  const isVowel = (index: number) => VOWELS.has(letters[index] ?? "");

  let start = letters.findIndex((letter) => VOWELS.has(letter));
  if (start < 0) return undefined;
  const before = letters[start - 1];
  const first = letters[start];
  if (
    ((before === "q" && first === "u") || (before === "g" && first === "i")) &&
    isVowel(start + 1)
  ) {
    start += 1;
  }
  let end = start;
  while (isVowel(end)) end += 1;
  if (letters.slice(end).some((letter) => VOWELS.has(letter))) return undefined;

  for (let index = end - 1; index >= start; index -= 1) {
    if (MARKED_VOWELS.has(letters[index] ?? "")) return index;
  }
  const vowelCount = end - start;
  if (vowelCount === 1) return start;
  if (end < letters.length) return end - 1;
  return vowelCount === 3 ? start + 1 : start;
}

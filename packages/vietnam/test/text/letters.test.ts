import { describe, expect, it } from "vitest";
import { fold, nfc } from "../../src/text/index.ts";

// The 67 lowercase precomposed letters with diacritics, by the ASCII letter they fold to: the 12
// vowels a ă â e ê i o ô ơ u ư y with their five tones, ă â ê ô ơ ư themselves, and đ.
const LOWERCASE: Record<string, string> = {
  a: "áàảãạăắằẳẵặâấầẩẫậ",
  d: "đ",
  e: "éèẻẽẹêếềểễệ",
  i: "íìỉĩị",
  o: "óòỏõọôốồổỗộơớờởỡợ",
  u: "úùủũụưứừửữự",
  y: "ýỳỷỹỵ",
};

// The same 67 in upper case, written out rather than derived, so that a wrong case mapping shows.
const UPPERCASE: Record<string, string> = {
  a: "ÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬ",
  d: "Đ",
  e: "ÉÈẺẼẸÊẾỀỂỄỆ",
  i: "ÍÌỈĨỊ",
  o: "ÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢ",
  u: "ÚÙỦŨỤƯỨỪỬỮỰ",
  y: "ÝỲỶỸỴ",
};

const letters = (table: Record<string, string>) =>
  Object.entries(table).flatMap(([ascii, forms]) =>
    [...forms].map((letter) => ({ letter, ascii })),
  );
const ALL = [...letters(LOWERCASE), ...letters(UPPERCASE)];

describe("the 134 precomposed Vietnamese letters", () => {
  it("are 67 lowercase and 67 uppercase, all distinct, each one precomposed code point", () => {
    expect(letters(LOWERCASE)).toHaveLength(67);
    expect(letters(UPPERCASE)).toHaveLength(67);
    expect(new Set(ALL.map(({ letter }) => letter)).size).toBe(134);
    for (const { letter } of ALL) {
      expect([...letter]).toHaveLength(1);
      expect(nfc(letter)).toBe(letter);
      expect(letter.normalize("NFD").length > 1 || letter === "đ" || letter === "Đ").toBe(true);
    }
  });

  it("pair up: each uppercase letter is its lowercase letter's capital", () => {
    for (const ascii of Object.keys(LOWERCASE)) {
      expect(UPPERCASE[ascii]).toBe(LOWERCASE[ascii]?.toUpperCase());
    }
  });

  it.each(ALL)("$letter folds to $ascii", ({ letter, ascii }) => {
    expect(fold(letter)).toBe(ascii);
    expect(fold(letter.normalize("NFD"))).toBe(ascii);
  });

  it("include ỳ ỷ ỹ ỵ (and their capitals), which some folding packages miss", () => {
    for (const letter of ["ỳ", "ỷ", "ỹ", "ỵ", "Ỳ", "Ỷ", "Ỹ", "Ỵ"]) {
      expect(ALL.map((entry) => entry.letter)).toContain(letter);
      expect(fold(letter)).toBe("y");
    }
  });
});

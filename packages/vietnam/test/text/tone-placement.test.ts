import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fold, nameKey, normalizeTonePlacement, sameName } from "../../src/text/index.ts";

describe("sameName / nameKey", () => {
  it.each([
    ["Hòa", "Hoà"],
    ["Thủy", "Thuỷ"],
    ["Khỏe", "Khoẻ"],
    ["Thanh Hóa", "Thanh Hoá"],
    ["Xã Thái Thụy", "xã thái thuỵ"],
    ["Hòa  Bình ", "Hoà Bình"],
    ["Khánh Hòa".normalize("NFD"), "Khánh Hoà"],
  ])("treats %j and %j as one name", (a, b) => {
    expect(sameName(a, b)).toBe(true);
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it.each([
    ["Hòa", "Hoa"],
    ["Hòa", "Hóa"],
    ["Thủy", "Thụy"],
    ["Hải", "Hai"],
    ["Đông", "Dong"],
    ["Ngọc Hà", "Ngọc Hạ"],
  ])("keeps %j and %j apart: diacritics are part of a name", (a, b) => {
    expect(sameName(a, b)).toBe(false);
  });
});

describe("normalizeTonePlacement", () => {
  it.each([
    ["Hoà", "Hòa"],
    ["Thuỷ", "Thủy"],
    ["khoẻ", "khỏe"],
    ["tóan", "toán"],
    ["HOÀNG", "HOÀNG"],
    ["Huỳnh", "Huỳnh"],
    ["quý", "quý"],
    ["qùy", "quỳ"],
    ["giữ gìn", "giữ gìn"],
    ["gịa", "giạ"],
    ["được", "được"],
    ["thuở", "thuở"],
    ["xoáy", "xoáy"],
    ["khuỷu", "khuỷu"],
    ["cuả", "của"],
    ["Nguyễn", "Nguyễn"],
  ])("%j → %j", (input, expected) => {
    expect(normalizeTonePlacement(input)).toBe(expected);
  });

  it("keeps case and leaves what is not one Vietnamese syllable alone", () => {
    expect(normalizeTonePlacement("THUỶ ĐIỆN Hoà Bình")).toBe("THỦY ĐIỆN Hòa Bình");
    expect(normalizeTonePlacement("café Hoàngoa ǹ")).toBe("café Hoàngoa ǹ");
    expect(normalizeTonePlacement("Ngày 15/11: Dân vận khéo!")).toBe("Ngày 15/11: Dân vận khéo!");
  });
});

const INITIALS = [
  "",
  "b",
  "ch",
  "đ",
  "gh",
  "gi",
  "h",
  "kh",
  "ng",
  "ngh",
  "nh",
  "ph",
  "qu",
  "th",
  "tr",
  "x",
];
const NUCLEI = [
  "a",
  "ă",
  "â",
  "ê",
  "i",
  "ô",
  "ơ",
  "ư",
  "y",
  "oa",
  "oe",
  "uy",
  "ai",
  "ao",
  "âu",
  "ây",
  "eo",
  "ia",
  "iê",
  "iu",
  "ôi",
  "ơi",
  "ua",
  "uô",
  "ui",
  "ưa",
  "ươ",
  "ưu",
  "uâ",
  "uyê",
  "oai",
  "oay",
  "uôi",
  "ươi",
  "ươu",
  "iêu",
  "yêu",
  "uyu",
];
const FINALS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
const TONES = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"];

/** A syllable with its tone mark on the vowel at `position` (counted among its vowels). */
const syllable = fc
  .record({
    initial: fc.constantFrom(...INITIALS),
    nucleus: fc.constantFrom(...NUCLEI),
    final: fc.constantFrom(...FINALS),
    tone: fc.constantFrom(...TONES),
    first: fc.nat(),
    second: fc.nat(),
    upper: fc.boolean(),
  })
  .map(({ initial, nucleus, final, tone, first, second, upper }) => {
    const toned = (position: number) => {
      const letters = [...`${initial}${nucleus}${final}`];
      const vowels = letters.flatMap((letter, index) =>
        "aăâeêioôơuưy".includes(letter) ? [index] : [],
      );
      const target = vowels[position % vowels.length] ?? 0;
      const word = letters
        .map((letter, index) => (index === target ? letter + tone : letter))
        .join("")
        .normalize("NFC");
      return upper ? word.toUpperCase() : word;
    };
    return { a: toned(first), b: toned(second), toneless: `${initial}${nucleus}${final}` };
  });

describe("tone placement properties", () => {
  it("a syllable's key does not depend on which vowel carries the tone", () => {
    fc.assert(fc.property(syllable, ({ a, b }) => nameKey(a) === nameKey(b)));
  });

  it("moving the tone never changes letters or tone: fold is unchanged, the tone is not lost", () => {
    fc.assert(
      fc.property(syllable, ({ a, toneless }) => {
        const placed = normalizeTonePlacement(a);
        return fold(placed) === fold(a) && nameKey(placed) !== nameKey(toneless);
      }),
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.array(syllable, { maxLength: 4 }), (syllables) => {
        const text = syllables.map(({ a }) => a).join(" ");
        return (
          normalizeTonePlacement(normalizeTonePlacement(text)) === normalizeTonePlacement(text)
        );
      }),
    );
  });
});

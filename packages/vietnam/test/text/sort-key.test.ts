import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeTonePlacement, vietnameseSortKey } from "../../src/text/index.ts";

const vi = new Intl.Collator("vi");
const LOWER =
  "aáàảãạăắằẳẵặâấầẩẫậbcdđeéèẻẽẹêếềểễệfghiíìỉĩịjklmnoóòỏõọôốồổỗộơớờởỡợpqrstuúùủũụưứừửữựvwxyýỳỷỹỵz";
const SIGNS = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789";
const ALPHABET = [...LOWER, ...LOWER.toUpperCase(), ...SIGNS];

const sign = (n: number) => Math.sign(n);
const byKey = (a: string, b: string) => {
  const [x, y] = [vietnameseSortKey(a), vietnameseSortKey(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};
/** What the key must agree with: the collator, on the name as the key sees it. */
const canonical = (name: string) => normalizeTonePlacement(name.trim().replace(/\s+/g, " "));

describe("vietnameseSortKey", () => {
  it("orders every letter and sign of the alphabet as Intl.Collator('vi') does", () => {
    for (const a of ALPHABET) {
      for (const b of ALPHABET) {
        expect([a, b, sign(byKey(a, b))]).toEqual([a, b, sign(vi.compare(a, b))]);
      }
    }
  });

  it("orders random names as Intl.Collator('vi') does, level by level", () => {
    const name = fc
      .array(fc.constantFrom(...LOWER, ...LOWER.toUpperCase(), " ", "-", "'", "1"), {
        maxLength: 12,
      })
      .map((letters) => canonical(letters.join("")));
    // Names that differ only late, in tone or in case, are where level-by-level comparison breaks.
    const similar = fc
      .tuple(fc.constantFrom("Nguyễn Văn ", "Trần Thị ", "Đỗ ", "Dương "), name)
      .map(([family, given]) => canonical(family + given));
    fc.assert(
      fc.property(fc.oneof(name, similar), fc.oneof(name, similar), (a, b) => {
        expect(sign(byKey(a, b))).toBe(sign(vi.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it("puts names in the order a Vietnamese reader expects", () => {
    const names = [
      "Đức",
      "Dũng",
      "Ân",
      "Anh",
      "Ăn",
      "ư",
      "Ưng",
      "Uyên",
      "Hạ",
      "Hà",
      "Ha",
      "ha",
      "Ơn",
      "Ôn",
      "On",
    ];
    expect(names.sort(byKey)).toEqual([
      "Anh",
      "Ăn",
      "Ân",
      "Dũng",
      "Đức",
      "ha",
      "Ha",
      "Hà",
      "Hạ",
      "On",
      "Ôn",
      "Ơn",
      "Uyên",
      "ư",
      "Ưng",
    ]);
  });

  it("gives old and new tone placement, NFD and extra spaces the same key", () => {
    const key = vietnameseSortKey("Nguyễn Thị Hòa");
    expect(vietnameseSortKey("Nguyễn  Thị Hoà ")).toBe(key);
    expect(vietnameseSortKey("Nguyễn Thị Hòa".normalize("NFD"))).toBe(key);
  });

  it("is plain ASCII, so any database sorts it without a collation", () => {
    expect(vietnameseSortKey("Đặng Thị Ngọc Ánh 中文 😀")).toMatch(/^[\x20-\x7e]*$/);
  });

  it("sorts characters outside the table after the letters, by code point, without breaking the order", () => {
    expect(byKey("z", "中")).toBe(-1);
    // U+4E2D before U+6587.
    expect(byKey("中", "文")).toBe(-1);
    expect(byKey("a中", "a中b")).toBe(-1);
    expect(byKey("a中", "ab")).toBe(1);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  collator,
  compareVietnamese,
  fold,
  matchesQuery,
  matchesTokens,
  nfc,
  searchTokens,
  slug,
} from "../../src/text/index.ts";

const VIETNAMESE_LETTERS =
  "aáàảãạăắằẳẵặâấầẩẫậbcdđeéèẻẽẹêếềểễệghiíìỉĩịklmnoóòỏõọôốồổỗộơớờởỡợpqrstuúùủũụưứừửữựvxyýỳỷỹỵ";
const vietnameseText = fc
  .array(
    fc.constantFrom(
      ...VIETNAMESE_LETTERS,
      ...VIETNAMESE_LETTERS.toUpperCase(),
      " ",
      "-",
      ",",
      "0",
      "9",
    ),
    {
      maxLength: 40,
    },
  )
  .map((characters) => characters.join(""));
const anyText = fc.string({ unit: "binary", maxLength: 40 });

describe("nfc", () => {
  it("makes NFD and NFC spellings equal", () => {
    const decomposed = "Thủy".normalize("NFD");
    expect(decomposed).not.toBe("Thủy");
    expect(nfc(decomposed)).toBe("Thủy");
  });
});

describe("fold", () => {
  it("drops tones and vowel marks, maps đ to d, lowers case", () => {
    expect(fold("Dân vận khéo")).toBe("dan van kheo");
    expect(fold("ĐÀ NẴNG")).toBe("da nang");
    expect(fold("Thừa Thiên Huế")).toBe("thua thien hue");
  });

  it("folds the Icelandic eth that legacy encodings put in place of Đ", () => {
    expect(fold("Phường Ba Ðình")).toBe("phuong ba dinh");
  });

  it("is idempotent", () => {
    fc.assert(fc.property(anyText, (text) => fold(fold(text)) === fold(text)));
  });

  it("gives ASCII for Vietnamese text, in NFC or NFD", () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        expect(fold(text)).toMatch(/^[\x20-\x7e]*$/);
        expect(fold(text.normalize("NFD"))).toMatch(/^[\x20-\x7e]*$/);
      }),
    );
  });

  it("does not depend on the normalisation form: fold(NFD x) = fold(NFC x)", () => {
    fc.assert(
      fc.property(anyText, (text) => fold(text.normalize("NFD")) === fold(text.normalize("NFC"))),
    );
  });
});

describe("searchTokens", () => {
  it("gives the same tokens for plain, capitalised-with-diacritics and NFD text", () => {
    const expected = ["dan", "van", "kheo"];
    expect(searchTokens("dan van kheo")).toEqual(expected);
    expect(searchTokens("DÂN VẬN KHÉO")).toEqual(expected);
    expect(searchTokens("Dân vận khéo".normalize("NFD"))).toEqual(expected);
  });

  it("keeps each word once, in order of first appearance, splitting on anything but letters and digits", () => {
    expect(searchTokens("Hà Nội – hà nội, HÀ-NỘI! Quận 1")).toEqual(["ha", "noi", "quan", "1"]);
    expect(searchTokens("  ")).toEqual([]);
  });

  it("keeps letters of other scripts as words", () => {
    expect(searchTokens("Hà Nội 河内")).toEqual(["ha", "noi", "河内"]);
  });
});

describe("matchesQuery", () => {
  const stored = searchTokens("Mô hình Dân vận khéo xã Hòa An");

  it("finds a document when every query word begins a stored word, whatever the diacritics", () => {
    expect(matchesQuery(stored, "dan van kheo")).toBe(true);
    expect(matchesQuery(stored, "DÂN VẬN")).toBe(true);
    expect(matchesQuery(stored, "hoa a")).toBe(true);
    expect(matchesQuery(stored, "Hoà An")).toBe(true);
  });

  it("matchesTokens does the same for a query tokenised once", () => {
    expect(matchesTokens(stored, searchTokens("Dân vận khéo"))).toBe(true);
    expect(matchesTokens(stored, searchTokens("dân vận giỏi"))).toBe(false);
    expect(matchesTokens(stored, [])).toBe(true);
  });

  it("does not find it when a query word matches nothing", () => {
    expect(matchesQuery(stored, "dan van gioi")).toBe(false);
    expect(matchesQuery(stored, "an hoa binh")).toBe(false);
  });
});

describe("slug", () => {
  it("is the folded words joined by single hyphens", () => {
    expect(slug("  Ngày Dân vận khéo — 15/11/2026!  ")).toBe("ngay-dan-van-kheo-15-11-2026");
    expect(slug("Đặc khu Côn Đảo")).toBe("dac-khu-con-dao");
    expect(slug("河内")).toBe("");
  });

  it("is a-z0-9 words joined by single hyphens, or empty", () => {
    fc.assert(fc.property(anyText, (text) => /^([a-z0-9]+(-[a-z0-9]+)*)?$/.test(slug(text))));
  });

  it("is stable: the slug of a slug is itself, and NFD text gives the same slug", () => {
    fc.assert(
      fc.property(
        vietnameseText,
        (text) => slug(slug(text)) === slug(text) && slug(text.normalize("NFD")) === slug(text),
      ),
    );
  });
});

describe("Vietnamese collation", () => {
  const sorted = (words: string[]) => [...words].sort(compareVietnamese);

  it("puts Đ after D and before E", () => {
    expect(sorted(["E", "Đ", "D"])).toEqual(["D", "Đ", "E"]);
    expect(sorted(["Đông", "Dương", "Em"])).toEqual(["Dương", "Đông", "Em"]);
  });

  it("puts O < Ô < Ơ < P and U < Ư < V", () => {
    expect(sorted(["P", "Ơ", "Ô", "O"])).toEqual(["O", "Ô", "Ơ", "P"]);
    expect(sorted(["V", "Ư", "U"])).toEqual(["U", "Ư", "V"]);
    expect(sorted(["ư", "u", "v"])).toEqual(["u", "ư", "v"]);
  });

  it("is why matching uses fold: even at base sensitivity the vi collator tells â from a", () => {
    const base = new Intl.Collator("vi", { sensitivity: "base" });
    expect(base.compare("cân", "can")).not.toBe(0);
    expect(fold("cân")).toBe(fold("can"));
    expect(collator.resolvedOptions().locale).toBe("vi");
  });
});

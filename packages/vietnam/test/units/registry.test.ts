import { describe, expect, it } from "vitest";
import {
  type AdministrativeUnit,
  createUnitRegistry,
  sampleUnitDataset,
  UnitDatasetError,
} from "../../src/units/index.ts";
import { names, tinyDataset } from "./fixtures.ts";

const registry = createUnitRegistry(sampleUnitDataset, { today: () => "2026-11-21" });

describe("the sample dataset", () => {
  it("has Hà Nội unchanged, Hà Giang and Thái Bình merged away, and no district after the reform", () => {
    expect(registry.history("01")).toHaveLength(1);
    expect(registry.history("02").at(-1)?.validTo).toBe("2025-06-30");
    expect(registry.history("34").at(-1)?.validTo).toBe("2025-06-30");
    const districts = sampleUnitDataset.units.filter((unit) => unit.level === "district");
    expect(districts.length).toBeGreaterThan(0);
    expect(districts.every((unit) => unit.validTo === "2025-06-30")).toBe(true);
  });

  it("bases the province merges on Resolution 202/2025/QH15", () => {
    const provinceMerges = sampleUnitDataset.lineage.filter((event) =>
      event.from.some((code) => code.length === 2),
    );
    expect(provinceMerges.map((event) => [event.from, event.to])).toEqual([
      [["02", "08"], ["08"]],
      [["33", "34"], ["33"]],
    ]);
    expect(provinceMerges.every((event) => event.basis.includes("202/2025/QH15"))).toBe(true);
  });
});

describe("get, validAt, history", () => {
  it("gives the record of a code valid at a date: a code's unit can change over time", () => {
    expect(registry.get("00004", "2025-06-30")?.name).toBe("Phường Trúc Bạch");
    expect(registry.get("00004", "2025-07-01")?.name).toBe("Phường Ba Đình");
    expect(registry.get("00004")?.name).toBe("Phường Ba Đình");
    expect(registry.get("00013")).toBeUndefined();
    expect(registry.get("99999", "2024-01-01")).toBeUndefined();
  });

  it("says whether a code is valid at a date", () => {
    expect(registry.validAt("34", "2025-06-30")).toBe(true);
    expect(registry.validAt("34", "2025-07-01")).toBe(false);
    expect(registry.validAt("01", "2025-07-01")).toBe(true);
    expect(registry.validAt("001", "2026-01-01")).toBe(false);
  });

  it("lists a code's records oldest first", () => {
    expect(registry.history("08").map((unit) => unit.validFrom)).toEqual([
      "2020-01-01",
      "2025-07-01",
    ]);
    expect(registry.history("nothing")).toEqual([]);
  });
});

describe("children and ancestors", () => {
  it("lists a province's districts before 2025-07-01 and its communes from then on", () => {
    expect(names(registry.children("01", "2025-06-30"))).toEqual([
      "001 Quận Ba Đình",
      "002 Quận Hoàn Kiếm",
    ]);
    expect(names(registry.children("01", "2025-07-01"))).toEqual([
      "00004 Phường Ba Đình",
      "00016 Phường Ngọc Hà",
      "00070 Phường Hoàn Kiếm",
      "00082 Phường Cửa Nam",
    ]);
    expect(names(registry.children("08", "2024-01-01"))).toEqual(["073 Huyện Chiêm Hóa"]);
    expect(names(registry.children("08"))).toEqual([
      "00688 Phường Hà Giang 1",
      "00694 Phường Hà Giang 2",
      "02509 Xã Chiêm Hóa",
    ]);
    expect(registry.children("02", "2025-07-01")).toEqual([]);
  });

  it("gives an old commune's ancestors through its district", () => {
    expect(names(registry.ancestors("00013", "2024-05-01"))).toEqual([
      "001 Quận Ba Đình",
      "01 Thành phố Hà Nội",
    ]);
    expect(names(registry.ancestors("12703", "2024-05-01"))).toEqual([
      "341 Huyện Thái Thụy",
      "34 Tỉnh Thái Bình",
    ]);
    expect(names(registry.ancestors("12700"))).toEqual(["33 Tỉnh Hưng Yên"]);
    expect(registry.ancestors("00013")).toEqual([]);
  });
});

describe("successors and predecessors", () => {
  it("follows a merge to today's commune", () => {
    expect(names(registry.successorsToday("00013"))).toEqual(["00004 Phường Ba Đình"]);
    expect(names(registry.successorsToday("00004", "2024-01-01"))).toEqual([
      "00004 Phường Ba Đình",
    ]);
    expect(names(registry.successorsToday("12703"))).toEqual(["12700 Xã Thái Thụy"]);
  });

  it("gives several successors for a split", () => {
    expect(names(registry.successorsToday("00019"))).toEqual([
      "00004 Phường Ba Đình",
      "00016 Phường Ngọc Hà",
    ]);
  });

  it("follows province merges and renames, and gives nothing for the abolished districts", () => {
    expect(names(registry.successorsToday("02"))).toEqual(["08 Tỉnh Tuyên Quang"]);
    expect(registry.successorsToday("34").map((unit) => unit.validFrom)).toEqual(["2025-07-01"]);
    expect(names(registry.successorsToday("02509", "2024-01-01"))).toEqual(["02509 Xã Chiêm Hóa"]);
    expect(registry.successorsToday("001")).toEqual([]);
  });

  it("is the unit itself while it is valid, and nothing before a unit existed", () => {
    expect(names(registry.successorsAt("00013", "2025-06-30"))).toEqual([
      "00013 Phường Quán Thánh",
    ]);
    expect(names(registry.successorsAt("00004", "2024-01-01"))).toEqual(["00004 Phường Trúc Bạch"]);
    expect(registry.successorsAt("00013", "2019-12-31")).toEqual([]);
    expect(registry.successorsAt("00013", "2026-01-01", "2026-01-01")).toEqual([]);
  });

  it("attributes a fact to one unit today: a split's to the successor its event names", () => {
    const at = (code: string, recordedAt: string) => {
      const unit = registry.attributedAt(code, recordedAt, "2026-01-01");
      return unit === undefined ? undefined : `${unit.code} ${unit.name}`;
    };
    expect(at("00019", "2024-05-01")).toBe("00004 Phường Ba Đình");
    expect(at("00013", "2024-05-01")).toBe("00004 Phường Ba Đình");
    expect(at("00022", "2024-05-01")).toBe("00016 Phường Ngọc Hà");
    expect(at("02", "2024-05-01")).toBe("08 Tỉnh Tuyên Quang");
    expect(at("00004", "2026-01-01")).toBe("00004 Phường Ba Đình");
    expect(at("001", "2024-05-01")).toBeUndefined();
    expect(at("00013", "2019-01-01")).toBeUndefined();
  });

  it("gives the units whose facts a unit inherits, without the split units it does not", () => {
    expect(names(registry.attributedFromAt("00004", "2024-06-01"))).toEqual([
      "00004 Phường Trúc Bạch",
      "00013 Phường Quán Thánh",
      "00019 Phường Điện Biên",
    ]);
    expect(names(registry.attributedFromAt("00016", "2024-06-01"))).toEqual([
      "00016 Phường Ngọc Hà",
      "00022 Phường Đội Cấn",
    ]);
  });

  it("gives the units a commune was formed from, for re-attributed figures", () => {
    expect(names(registry.predecessorsAt("00004", "2024-06-01"))).toEqual([
      "00004 Phường Trúc Bạch",
      "00013 Phường Quán Thánh",
      "00019 Phường Điện Biên",
    ]);
    expect(names(registry.predecessorsAt("00016", "2024-06-01"))).toEqual([
      "00016 Phường Ngọc Hà",
      "00019 Phường Điện Biên",
      "00022 Phường Đội Cấn",
    ]);
    expect(names(registry.predecessorsAt("08", "2024-06-01"))).toEqual([
      "02 Tỉnh Hà Giang",
      "08 Tỉnh Tuyên Quang",
    ]);
    expect(names(registry.predecessorsAt("02509", "2024-06-01"))).toEqual([
      "02509 Thị trấn Vĩnh Lộc",
    ]);
    expect(names(registry.predecessorsAt("01", "2024-06-01"))).toEqual(["01 Thành phố Hà Nội"]);
    expect(registry.predecessorsAt("00013", "2024-06-01")).toEqual([]);
  });

  it("follows a reparent and a code's own next record", () => {
    const { units, lineage } = tinyDataset();
    const moved: AdministrativeUnit[] = [
      {
        code: "91",
        name: "Tỉnh Bên Cạnh",
        level: "province",
        kind: "tinh",
        validFrom: "2020-01-01",
      },
      {
        code: "90007",
        name: "Xã Tân Lập",
        level: "commune",
        kind: "xa",
        parentCode: "900",
        validFrom: "2020-01-01",
        validTo: "2023-12-31",
      },
      {
        code: "90007",
        name: "Xã Tân Lập",
        level: "commune",
        kind: "xa",
        parentCode: "91",
        validFrom: "2024-01-01",
        validTo: "2024-12-31",
      },
      {
        code: "90007",
        name: "Xã Tân Lập Mới",
        level: "commune",
        kind: "xa",
        parentCode: "91",
        validFrom: "2025-01-01",
      },
    ];
    const tiny = createUnitRegistry(
      {
        units: [...units, ...moved],
        lineage: [
          ...lineage,
          {
            kind: "reparent",
            effective: "2024-01-01",
            from: ["90007"],
            to: ["90007"],
            basis: "Thử nghiệm",
          },
        ],
      },
      { today: () => "2026-01-01" },
    );
    expect(tiny.successorsToday("90007", "2023-06-01").map((unit) => unit.name)).toEqual([
      "Xã Tân Lập Mới",
    ]);
    expect(tiny.predecessorsAt("90007", "2023-06-01").map((unit) => unit.parentCode)).toEqual([
      "900",
    ]);
  });
});

describe("search", () => {
  it("finds with or without diacritics, in any case", () => {
    for (const query of ["ha noi", "Hà Nội", "HÀ NỘI", "Hà Nội".normalize("NFD"), "ha no"]) {
      expect(names(registry.search(query))).toEqual(["01 Thành phố Hà Nội"]);
    }
  });

  it("treats old and new tone placement alike", () => {
    const expected = ["12700 Xã Thái Thụy", "341 Huyện Thái Thụy"];
    expect(names(registry.search("Thái Thuỵ"))).toEqual(expected);
    expect(names(registry.search("thai thuy"))).toEqual(expected);
    expect(names(registry.search("Chiêm Hoá"))).toEqual(names(registry.search("Chiêm Hóa")));
  });

  it("lists units valid today first, then in Vietnamese alphabetical order", () => {
    expect(registry.search("ngoc ha").map((unit) => `${unit.code} ${unit.validFrom}`)).toEqual([
      "00016 2025-07-01",
      "00016 2020-01-01",
      "00692 2020-01-01",
    ]);
    expect(names(registry.search("phuong ha giang"))).toEqual([
      "00688 Phường Hà Giang 1",
      "00694 Phường Hà Giang 2",
    ]);
  });

  it("filters by date, limits, finds by code, and finds nothing for an empty query", () => {
    expect(registry.search("ngoc ha", { at: "2024-01-01" }).map((unit) => unit.parentCode)).toEqual(
      ["001", "024"],
    );
    expect(registry.search("phuong", { limit: 2 })).toHaveLength(2);
    expect(names(registry.search("00082", { at: "2026-01-01" }))).toEqual(["00082 Phường Cửa Nam"]);
    expect(registry.search("cua nam").map((unit) => unit.code)).toEqual(["00082", "00073"]);
    expect(registry.search(" - ")).toEqual([]);
  });
});

it("refuses an invalid dataset, listing its problems", () => {
  const { units, lineage } = tinyDataset();
  expect(() => createUnitRegistry({ units: units.slice(1), lineage })).toThrow(UnitDatasetError);
  expect(() => createUnitRegistry({ units: units.slice(1), lineage })).toThrow(
    /parent 90 does not exist/,
  );
});

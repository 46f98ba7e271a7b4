import { describe, expect, it } from "vitest";
import { type DatasetIssue, validateUnitDataset } from "../../src/units/index.ts";
import { tinyDataset } from "./fixtures.ts";

type Dataset = ReturnType<typeof tinyDataset>;

/** The messages of an invalid dataset (fails the test if it is valid). */
function problems(change: (dataset: Dataset) => unknown): string[] {
  const result = validateUnitDataset(change(tinyDataset()));
  if (result.ok) throw new Error("the dataset was accepted");
  return result.errors.map((issue) => issue.message);
}

const replaceUnit = (dataset: Dataset, index: number, fields: Record<string, unknown>) => ({
  ...dataset,
  units: dataset.units.map((unit, at) => (at === index ? { ...unit, ...fields } : unit)),
});

describe("a valid dataset", () => {
  it("comes back sorted, names in NFC with the official tone placement", () => {
    const dataset = tinyDataset();
    const messy = {
      ...dataset,
      units: [...dataset.units]
        .reverse()
        .map((unit) =>
          unit.code === "90004" ? { ...unit, name: "  Xã  Phú Thuỷ ".normalize("NFD") } : unit,
        ),
    };
    const result = validateUnitDataset(messy);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.dataset.units.map((unit) => `${unit.code}@${unit.validFrom}`)).toEqual([
      "90@2020-01-01",
      "900@2020-01-01",
      "90001@2020-01-01",
      "90001@2025-07-01",
      "90004@2020-01-01",
    ]);
    expect(result.dataset.units.find((unit) => unit.code === "90004")?.name).toBe("Xã Phú Thủy");
    expect(result.dataset.lineage.map((event) => event.kind)).toEqual(["abolish", "merge"]);
  });

  it("may leave out lineage", () => {
    const result = validateUnitDataset({ units: [tinyDataset().units[0]] });
    expect(result.ok).toBe(true);
  });
});

describe("bad rows", () => {
  it("a dataset that is not {units, lineage}", () => {
    expect(problems(() => [])).toEqual([
      'a dataset is an object {"units": [...], "lineage": [...]}',
    ]);
    expect(problems(() => ({}))).toEqual(["units is missing"]);
    expect(problems(() => ({ units: {}, extra: 1 }))).toEqual([
      "units: {} is not a list",
      "unknown field(s): extra",
    ]);
  });

  it("missing, unknown and mistyped fields", () => {
    expect(
      problems((dataset) =>
        replaceUnit(dataset, 0, { name: undefined, population: 3, validFrom: 2020 }),
      ),
    ).toEqual([
      "name is missing",
      "validFrom: 2020 is not a date written as YYYY-MM-DD",
      "unknown field(s): population",
    ]);
    expect(
      problems((dataset) => replaceUnit(dataset, 0, { level: "region", validTo: "2025-02-30" })),
    ).toEqual([
      'level: "region" is not one of province, district, commune',
      'validTo: "2025-02-30" is not a calendar date written as YYYY-MM-DD',
    ]);
  });

  it("codes that do not fit their level, with a hint about lost leading zeros", () => {
    expect(problems((dataset) => replaceUnit(dataset, 0, { code: "9" }))).toContain(
      'code "9" has 1 digit(s) but a province code has 2 (a spreadsheet may have dropped leading zeros: keep codes as text)',
    );
    expect(problems((dataset) => replaceUnit(dataset, 0, { code: "9A" }))).toEqual([
      'code: "9A" is not a code of digits',
    ]);
  });

  it("a kind of another level, periods ending before they begin, wrong parents", () => {
    expect(problems((dataset) => replaceUnit(dataset, 2, { kind: "huyen" }))).toEqual([
      "kind huyen is not a commune kind (xa, phuong, thi_tran, dac_khu)",
    ]);
    expect(problems((dataset) => replaceUnit(dataset, 1, { validTo: "2019-12-31" }))[0]).toBe(
      "validTo 2019-12-31 is before validFrom 2020-01-01",
    );
    expect(problems((dataset) => replaceUnit(dataset, 0, { parentCode: "01" }))).toEqual([
      "a province has no parent, but parentCode is 01",
    ]);
    expect(problems((dataset) => replaceUnit(dataset, 2, { parentCode: undefined }))).toEqual([
      "a commune needs a parentCode",
    ]);
  });

  it("a district valid after the two-tier reform", () => {
    expect(problems((dataset) => replaceUnit(dataset, 1, { validTo: undefined }))).toContain(
      "district 900 is valid on or after 2025-07-01, when the district level was abolished: its validTo must be 2025-06-30 or earlier",
    );
  });
});

describe("bad datasets", () => {
  it("overlapping records of one code", () => {
    expect(problems((dataset) => replaceUnit(dataset, 4, { validFrom: "2025-06-01" }))).toContain(
      "90001 Xã Hòa Thủy (2025-06-01–…) overlaps 90001 Xã Hòa An (2020-01-01–2025-06-30): records of one code must not overlap in time",
    );
  });

  it("a parent that does not exist, is not above the child, or is not valid all along", () => {
    expect(problems((dataset) => replaceUnit(dataset, 3, { parentCode: "901" }))).toEqual([
      "90004 Xã Phú Thủy (2020-01-01–2025-06-30): parent 901 does not exist",
    ]);
    expect(problems((dataset) => replaceUnit(dataset, 3, { parentCode: "90001" }))[0]).toBe(
      "90004 Xã Phú Thủy (2020-01-01–2025-06-30): parent 90001 Xã Hòa An (2020-01-01–2025-06-30) is a commune, not above a commune",
    );
    expect(problems((dataset) => replaceUnit(dataset, 3, { validFrom: "2019-06-01" }))).toEqual([
      "90004 Xã Phú Thủy (2019-06-01–2025-06-30): parent 900 is not valid on 2019-06-01; a parent must be valid over the child's whole period",
    ]);
    expect(problems((dataset) => replaceUnit(dataset, 4, { parentCode: "900" }))).toContain(
      "90001 Xã Hòa Thủy (2025-07-01–…): parent 900 is not valid on 2025-07-01; a parent must be valid over the child's whole period",
    );
  });

  it("two units with one name under one parent at once, also when only the tone placement differs", () => {
    expect(problems((dataset) => replaceUnit(dataset, 3, { name: "Xã Hoà An" }))).toEqual([
      "90004 Xã Hòa An (2020-01-01–2025-06-30) has the same name under 900, at the same time, as 90001 Xã Hòa An (2020-01-01–2025-06-30)",
    ]);
  });

  it("a split without the successor its past facts go to, or with one it does not have", () => {
    const withEvent = (event: object) => (dataset: Dataset) => ({
      ...dataset,
      lineage: [...dataset.lineage, event],
    });
    const split = { effective: "2025-07-01", basis: "Thử nghiệm", kind: "split", from: ["90004"] };
    expect(problems(withEvent({ ...split, to: ["90001", "90007"] }))).toContain(
      "split on 2025-07-01: a split names in attributeTo the successor its past facts are re-attributed to",
    );
    expect(
      problems(withEvent({ ...split, to: ["90001", "90007"], attributeTo: "90004" })),
    ).toContain(
      "split on 2025-07-01: attributeTo 90004 is not one of the split's successors (90001, 90007)",
    );
    expect(
      problems(
        withEvent({
          ...split,
          kind: "merge",
          from: ["90004", "90001"],
          to: ["90007"],
          attributeTo: "90007",
        }),
      ),
    ).toContain("merge on 2025-07-01: attributeTo 90007 belongs to a split only");
  });

  it("lineage events with the wrong number of codes", () => {
    const withEvent = (event: object) => (dataset: Dataset) => ({
      ...dataset,
      lineage: [...dataset.lineage, event],
    });
    const base = { effective: "2025-07-01", basis: "Thử nghiệm" };
    expect(
      problems(withEvent({ ...base, kind: "merge", from: ["90004"], to: ["90001"] })),
    ).toContain("merge on 2025-07-01: a merge goes from two or more codes to one");
    expect(
      problems(withEvent({ ...base, kind: "split", from: ["90004"], to: ["90001"] })),
    ).toContain("split on 2025-07-01: a split goes from one code to two or more");
    expect(problems(withEvent({ ...base, kind: "rename", from: [], to: ["90001"] }))).toContain(
      "rename on 2025-07-01: a rename goes from one code to one",
    );
    expect(
      problems(withEvent({ ...base, kind: "reparent", from: ["90004"], to: ["90001"] })),
    ).toContain("reparent on 2025-07-01: a reparent goes from one code to the same code");
    expect(
      problems(withEvent({ ...base, kind: "abolish", from: ["90004"], to: ["90001"] })),
    ).toContain("abolish on 2025-07-01: an abolish goes from one or more codes to none");
    expect(problems(withEvent({ ...base, kind: "annex", from: 1, to: ["x"] }))).toEqual([
      "from: 1 is not a list of codes",
      'to: "x" is not a code of digits',
      'kind: "annex" is not one of merge, split, rename, reparent, abolish',
    ]);
  });

  it("lineage referring to codes that do not exist, or not at the event's date", () => {
    const dataset = tinyDataset();
    const broken = (from: string[], to: string[], effective = "2025-07-01") => ({
      ...dataset,
      lineage: [dataset.lineage[0], { kind: "merge", effective, from, to, basis: "Thử nghiệm" }],
    });
    expect(problems(() => broken(["90001", "90009"], ["90001"]))).toEqual([
      "merge on 2025-07-01: from 90009 does not exist",
      "90004 Xã Phú Thủy (2020-01-01–2025-06-30) ends with no successor: add a lineage event from 90004 effective 2025-07-01 (abolish if it ceased to exist), or the code's next record",
    ]);
    expect(problems(() => broken(["90001", "90004"], ["90002"]))).toContain(
      "merge on 2025-07-01: to 90002 does not exist",
    );
    expect(problems(() => broken(["90001", "90004"], ["90001"], "2025-08-01"))).toEqual(
      expect.arrayContaining([
        "merge on 2025-08-01: from 90001 has no record ending on 2025-07-31, the day before the event",
        "merge on 2025-08-01: to 90001 has no record starting on 2025-08-01, the day of the event",
      ]),
    );
  });

  it("a cycle in the lineage", () => {
    const { units, lineage } = tinyDataset();
    const cycle = [
      ...lineage,
      {
        kind: "rename",
        effective: "2025-07-01",
        from: ["90001"],
        to: ["90004"],
        basis: "Thử nghiệm",
      },
      {
        kind: "rename",
        effective: "2025-07-01",
        from: ["90004"],
        to: ["90001"],
        basis: "Thử nghiệm",
      },
    ];
    expect(validateUnitDataset({ units, lineage: cycle })).toMatchObject({
      ok: false,
      errors: [
        {
          message:
            "rename on 2025-07-01: to 90004 has no record starting on 2025-07-01, the day of the event",
        },
      ],
    });
  });

  it("a unit that ends without a successor", () => {
    expect(problems((dataset) => ({ ...dataset, lineage: dataset.lineage.slice(1) }))).toEqual([
      "900 Huyện Mẫu (2020-01-01–2025-06-30) ends with no successor: add a lineage event from 900 effective 2025-07-01 (abolish if it ceased to exist), or the code's next record",
    ]);
  });
});

it("reports the file line of each problem when given lines", () => {
  const dataset = replaceUnit(tinyDataset(), 3, { kind: "phường" });
  const result = validateUnitDataset(dataset, {
    lines: { units: [2, 3, 4, 5, 6], lineage: [8, 9] },
  });
  expect(result.ok ? [] : result.errors).toEqual<DatasetIssue[]>([
    {
      section: "units",
      line: 5,
      message:
        'kind: "phường" is not one of tinh, thanh_pho_truc_thuoc_trung_uong, huyen, thi_xa, thanh_pho_thuoc_tinh, quan, thanh_pho_thuoc_thanh_pho, xa, phuong, thi_tran, dac_khu',
    },
  ]);
});

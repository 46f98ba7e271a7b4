import { describe, expect, it } from "vitest";
import {
  CsvSyntaxError,
  parseCsv,
  parseUnitsCsv,
  parseUnitsJson,
  sampleUnitDataset,
  serializeUnitDataset,
} from "../../src/units/index.ts";
import { JsonSyntaxError, parseJsonWithLines } from "../../src/units/json-lines.ts";
import { lineageCsv, tinyDataset, unitsCsv } from "./fixtures.ts";

describe("parseCsv", () => {
  it("reads quoted fields, doubled quotes, CRLF and a byte order mark", () => {
    const records = parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""",\r\n\r\nlast,,"z"');
    expect(records).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["x, y", 'say "hi"', ""] },
      { line: 4, fields: ["last", "", "z"] },
    ]);
  });

  it("numbers records by the line they start on when a quoted field spans lines", () => {
    expect(parseCsv('h\n"one\ntwo"\nnext').map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it("says on which line the syntax breaks", () => {
    expect(() => parseCsv('a\nb\n"never closed\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\nb\n"never closed\n')).toThrow(expect.objectContaining({ line: 3 }));
    expect(() => parseCsv('a\nx"y\n')).toThrow(expect.objectContaining({ line: 2 }));
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/closing quote must end the field/);
  });
});

describe("parseJsonWithLines", () => {
  it("reads what JSON.parse reads", () => {
    const text = serializeUnitDataset(sampleUnitDataset);
    expect(parseJsonWithLines(text).value).toEqual(JSON.parse(text));
    const tricky =
      '{"a": [1, -2.5e3, true, false, null, "\\u00e0\\n\\"\\\\/"], "a": {"b": []}, "__proto__": 1}';
    expect(parseJsonWithLines(tricky).value).toEqual(JSON.parse(tricky));
    expect(Object.getPrototypeOf(parseJsonWithLines(tricky).value)).toBe(Object.prototype);
  });

  it("gives the line each array element starts on", () => {
    const located = parseJsonWithLines(
      '{\n  "units": [\n    {"code": "01"},\n\n    {"code": "02"}\n  ]\n}',
    );
    const units = (located.value as { units: unknown[] }).units;
    expect(located.elementLines(units)).toEqual([3, 5]);
  });

  it("reports syntax errors with line and column", () => {
    for (const [text, line, column] of [
      ['{\n  "a": 1,\n  "b": }', 3, 8],
      ['{"a": "line\nbreak"}', 1, 12],
      ["[1, 2]\n3", 2, 1],
      ['{"a": tru}', 1, 7],
    ] as const) {
      expect(() => parseJsonWithLines(text)).toThrow(JsonSyntaxError);
      expect(() => parseJsonWithLines(text)).toThrow(expect.objectContaining({ line, column }));
    }
  });
});

describe("parseUnitsCsv", () => {
  it("reads the sample as CSV into the same dataset", () => {
    const result = parseUnitsCsv(unitsCsv(sampleUnitDataset.units), {
      lineageCsv: lineageCsv(sampleUnitDataset.lineage),
    });
    expect(result).toEqual({ ok: true, dataset: sampleUnitDataset });
  });

  it("normalises names: NFD input and new-style tone placement become the official NFC form", () => {
    const { units, lineage } = tinyDataset();
    const renamed = units.map((unit) =>
      unit.code === "90004" ? { ...unit, name: "Xã Phú Thuỷ".normalize("NFD") } : unit,
    );
    const result = parseUnitsCsv(unitsCsv(renamed), { lineageCsv: lineageCsv(lineage) });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.dataset.units.find((unit) => unit.code === "90004")?.name).toBe("Xã Phú Thủy");
  });

  it("rejects a second unit whose name differs only by tone placement", () => {
    const { units, lineage } = tinyDataset();
    const [current] = units.filter(
      (unit) => unit.validTo === undefined && unit.level === "commune",
    );
    if (current === undefined) throw new Error("the tiny dataset has a current commune");
    const csv = unitsCsv([...units, { ...current, code: "90007", name: "Xã Hoà Thuỷ" }]);
    expect(parseUnitsCsv(csv, { lineageCsv: lineageCsv(lineage) })).toEqual({
      ok: false,
      errors: [
        {
          section: "units",
          line: 7,
          message:
            "90007 Xã Hòa Thủy (2025-07-01–…) has the same name under 90, at the same time, as 90001 Xã Hòa Thủy (2025-07-01–…), line 6",
        },
      ],
    });
  });

  it("gives the line of each bad row, in the file it is in", () => {
    const csv = [
      "code,name,level,kind,parent_code,valid_from,valid_to",
      "90,Tỉnh Mẫu,province,tinh,,2020-01-01,",
      "",
      "1,Xã Lạc,commune,xa,90,2025-07-01,",
      '"90002","Xã ""Mới""",commune,xa,90,2025-7-1,',
    ].join("\n");
    const lineage = "kind,effective,from,to,basis\nmerge,2025-07-01,1;2,,";
    expect(parseUnitsCsv(csv, { lineageCsv: lineage })).toEqual({
      ok: false,
      errors: [
        {
          section: "units",
          line: 4,
          message:
            'code "1" has 1 digit(s) but a commune code has 5 (a spreadsheet may have dropped leading zeros: keep codes as text)',
        },
        {
          section: "units",
          line: 5,
          message: 'validFrom: "2025-7-1" is not a calendar date written as YYYY-MM-DD',
        },
        { section: "lineage", line: 2, message: "basis is missing" },
      ],
    });
  });

  it("checks the header and the number of cells", () => {
    expect(parseUnitsCsv("code,name,level,kind,parent,valid_from,valid_to\n")).toEqual({
      ok: false,
      errors: [
        {
          section: "units",
          line: 1,
          message:
            'unknown column "parent" (expected code,name,level,kind,parent_code,valid_from,valid_to)',
        },
        {
          section: "units",
          line: 1,
          message:
            "missing column parent_code (expected code,name,level,kind,parent_code,valid_from,valid_to)",
        },
      ],
    });
    expect(parseUnitsCsv("")).toMatchObject({
      ok: false,
      errors: [{ line: 1, message: expect.stringMatching(/empty/) }],
    });
    expect(
      parseUnitsCsv(
        "valid_to,valid_from,parent_code,kind,level,name,code\n,2020-01-01,,tinh,province,Tỉnh Mẫu,90,extra",
      ),
    ).toMatchObject({
      ok: false,
      errors: [{ line: 2, message: "8 cells, but the header has 7 columns" }],
    });
    expect(parseUnitsCsv('code\n"open')).toMatchObject({
      ok: false,
      errors: [{ line: 2, message: expect.stringMatching(/^not valid CSV/) }],
    });
  });

  it("accepts columns in any order", () => {
    const result = parseUnitsCsv(
      "valid_to,valid_from,parent_code,kind,level,name,code\n,2020-01-01,,tinh,province,Tỉnh Mẫu,90",
    );
    expect(result).toEqual({
      ok: true,
      dataset: {
        units: [
          {
            code: "90",
            name: "Tỉnh Mẫu",
            level: "province",
            kind: "tinh",
            validFrom: "2020-01-01",
          },
        ],
        lineage: [],
      },
    });
  });
});

describe("parseUnitsJson", () => {
  it("reads what serializeUnitDataset writes", () => {
    expect(parseUnitsJson(serializeUnitDataset(sampleUnitDataset))).toEqual({
      ok: true,
      dataset: sampleUnitDataset,
    });
  });

  it("gives the line of each bad row", () => {
    const dataset = tinyDataset();
    const broken = {
      ...dataset,
      units: dataset.units.map((unit, index) => (index === 2 ? { ...unit, level: "xa" } : unit)),
    };
    const text = serializeUnitDataset(broken as unknown as typeof sampleUnitDataset);
    const line = text.split("\n").findIndex((row) => row.includes('"code": "90001"')) + 1;
    expect(parseUnitsJson(text)).toEqual({
      ok: false,
      errors: [
        {
          section: "units",
          line: line - 1,
          message: 'level: "xa" is not one of province, district, commune',
        },
      ],
    });
  });

  it("reports a syntax error with its line", () => {
    expect(parseUnitsJson('{\n  "units": [\n    {"code": "01",}\n  ]\n}')).toEqual({
      ok: false,
      errors: [
        {
          section: "dataset",
          line: 3,
          message: 'not valid JSON: expected "\\"" but found "}" (line 3, column 19)',
        },
      ],
    });
  });

  it("reports progress row by row", () => {
    const calls: [number, number][] = [];
    parseUnitsJson(serializeUnitDataset(sampleUnitDataset), {
      onProgress: (done, total) => calls.push([done, total]),
    });
    const total = sampleUnitDataset.units.length + sampleUnitDataset.lineage.length;
    expect(calls).toHaveLength(total);
    expect(calls.at(-1)).toEqual([total, total]);
  });
});

import type { AdministrativeUnit, LineageEvent } from "../../src/units/index.ts";

const cell = (value: string | undefined) => {
  const text = value ?? "";
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function unitsCsv(units: readonly AdministrativeUnit[]): string {
  const rows = units.map((unit) =>
    [unit.code, unit.name, unit.level, unit.kind, unit.parentCode, unit.validFrom, unit.validTo]
      .map(cell)
      .join(","),
  );
  return ["code,name,level,kind,parent_code,valid_from,valid_to", ...rows].join("\n");
}

export function lineageCsv(lineage: readonly LineageEvent[]): string {
  const rows = lineage.map((event) =>
    [
      event.kind,
      event.effective,
      event.from.join(";"),
      event.to.join(";"),
      event.attributeTo,
      event.basis,
    ]
      .map(cell)
      .join(","),
  );
  return ["kind,effective,from,to,attribute_to,basis", ...rows].join("\r\n");
}

/** A small valid dataset to break in tests: one province, one district until the reform, communes. */
export function tinyDataset(): { units: AdministrativeUnit[]; lineage: LineageEvent[] } {
  return {
    units: [
      { code: "90", name: "Tỉnh Mẫu", level: "province", kind: "tinh", validFrom: "2020-01-01" },
      {
        code: "900",
        name: "Huyện Mẫu",
        level: "district",
        kind: "huyen",
        parentCode: "90",
        validFrom: "2020-01-01",
        validTo: "2025-06-30",
      },
      {
        code: "90001",
        name: "Xã Hòa An",
        level: "commune",
        kind: "xa",
        parentCode: "900",
        validFrom: "2020-01-01",
        validTo: "2025-06-30",
      },
      {
        code: "90004",
        name: "Xã Phú Thủy",
        level: "commune",
        kind: "xa",
        parentCode: "900",
        validFrom: "2020-01-01",
        validTo: "2025-06-30",
      },
      {
        code: "90001",
        name: "Xã Hòa Thủy",
        level: "commune",
        kind: "xa",
        parentCode: "90",
        validFrom: "2025-07-01",
      },
    ],
    lineage: [
      { kind: "abolish", effective: "2025-07-01", from: ["900"], to: [], basis: "Thử nghiệm" },
      {
        kind: "merge",
        effective: "2025-07-01",
        from: ["90001", "90004"],
        to: ["90001"],
        basis: "Thử nghiệm",
      },
    ],
  };
}

export const names = (units: readonly AdministrativeUnit[]) =>
  units.map((unit) => `${unit.code} ${unit.name}`);

// Generates data/vietnam-units.json, the whole country's administrative units before and after
// the 2025 reform with the lineage between them, from the MIT-licensed PyPI package
// vietnamadminunits (pinned below, checked by its sha256). Run by hand when the source changes:
//   npm run units:generate -w @danvan/vietnam [-- --wheel path/to/vietnamadminunits.whl]
// It needs python3 with pip (to download and unpack the wheel) and Node 24 (node:sqlite).
// Where each field comes from is written next to the code that sets it, and in data/README.md.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { parseUnitsJson, serializeUnitDataset } from "../src/units/import.ts";
import type { AdministrativeUnit, LineageEvent, UnitKind } from "../src/units/model.ts";

const SOURCE = {
  package: "vietnamadminunits",
  version: "1.0.4",
  sha256: "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35",
};
const OUTPUT = new URL("../data/vietnam-units.json", import.meta.url);

/**
 * The source lists the units in force on the eve of the reform without the day each began. The
 * last wave of commune rearrangements before it (the 2023–2025 programme) took effect by the
 * first days of 2025, so every pre-reform record is taken to start on 1 January 2025; facts dated
 * earlier need an older list, imported with the same command.
 */
const LEGACY_FROM = "2025-01-01";
const LEGACY_TO = "2025-06-30";
const REFORM = "2025-07-01";
const BASIS = {
  provinces: "Nghị quyết 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh",
  districts:
    "Nghị quyết 203/2025/QH15 sửa đổi, bổ sung Hiến pháp và Luật Tổ chức chính quyền địa phương 2025: chính quyền địa phương hai cấp từ 01/7/2025",
  communes: (province: string) =>
    `Nghị quyết của Ủy ban Thường vụ Quốc hội năm 2025 về sắp xếp các đơn vị hành chính cấp xã của ${province}`,
};

interface LegacyRow {
  provinceCode: string;
  province: string;
  provinceKey: string;
  districtCode: string;
  district: string;
  districtKey: string;
  districtType: string;
  wardCode: string | null;
  ward: string | null;
  wardKey: string | null;
  wardType: string | null;
}

interface CurrentRow {
  provinceCode: string;
  province: string;
  provinceKey: string;
  wardCode: string;
  ward: string;
  wardKey: string;
  wardType: string;
}

interface Conversion {
  /** new province key → the old province keys merged into it */
  DICT_PROVINCE: Record<string, string[]>;
  /** new province key → new ward key → the old wards ("province_district_ward" keys) wholly in it */
  DICT_PROVINCE_WARD_NO_DIVIDED: Record<string, Record<string, string[]>>;
  /** new province key → divided old ward → the new wards that share it, one of them the default */
  DICT_PROVINCE_WARD_DIVIDED: Record<
    string,
    Record<string, { newWardKey: string; isDefaultNewWard: boolean }[]>
  >;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The wheel: the one given, or downloaded from PyPI by pip; its sha256 must be the pinned one. */
function fetchWheel(folder: string, given: string | undefined): string {
  let wheel = given;
  if (wheel === undefined) {
    process.stderr.write(`downloading ${SOURCE.package}==${SOURCE.version} from PyPI…\n`);
    execFileSync(
      "python3",
      [
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--quiet",
        "--dest",
        folder,
        `${SOURCE.package}==${SOURCE.version}`,
      ],
      { stdio: "inherit" },
    );
    const found = readdirSync(folder).find((name) => name.endsWith(".whl"));
    if (found === undefined) fail("pip downloaded no wheel");
    wheel = join(folder, found);
  }
  const digest = createHash("sha256").update(readFileSync(wheel)).digest("hex");
  if (digest !== SOURCE.sha256) {
    fail(
      `${wheel}: sha256 ${digest}, expected ${SOURCE.sha256} (${SOURCE.package} ${SOURCE.version})`,
    );
  }
  return wheel;
}

const provinceKind = (name: string): UnitKind =>
  name.startsWith("Thành phố ") ? "thanh_pho_truc_thuoc_trung_uong" : "tinh";

function districtKind(type: string, province: LegacyRow): UnitKind {
  switch (type) {
    case "Huyện":
      return "huyen";
    case "Thị xã":
      return "thi_xa";
    case "Quận":
      return "quan";
    case "Thành phố":
      // A city inside a centrally-run city (Thủ Đức, 2021–2025) is not a provincial city.
      return provinceKind(province.province) === "tinh"
        ? "thanh_pho_thuoc_tinh"
        : "thanh_pho_thuoc_thanh_pho";
    default:
      return fail(`unknown district type ${JSON.stringify(type)} (${province.district})`);
  }
}

function communeKind(type: string | null, name: string): UnitKind {
  switch (type) {
    case "Xã":
      return "xa";
    case "Phường":
      return "phuong";
    case "Thị trấn":
      return "thi_tran";
    case "Đặc khu":
      return "dac_khu";
    default:
      return fail(`unknown commune type ${JSON.stringify(type)} (${name})`);
  }
}

function generate(database: DatabaseSync, conversion: Conversion) {
  const legacy = database
    .prepare(
      "SELECT provinceCode, province, provinceKey, districtCode, district, districtKey, districtType, wardCode, ward, wardKey, wardType FROM admin_units_legacy ORDER BY wardCode",
    )
    .all() as unknown as LegacyRow[];
  const current = database
    .prepare(
      "SELECT provinceCode, province, provinceKey, wardCode, ward, wardKey, wardType FROM admin_units ORDER BY wardCode",
    )
    .all() as unknown as CurrentRow[];

  const units: AdministrativeUnit[] = [];
  const lineage: LineageEvent[] = [];
  const newProvince = new Map<string, CurrentRow>();
  for (const row of current) newProvince.set(row.provinceKey, row);

  // Provinces before the reform: code, name (provinceCode, province of admin_units_legacy).
  const oldProvinces = new Map<string, LegacyRow>();
  for (const row of legacy)
    if (!oldProvinces.has(row.provinceKey)) oldProvinces.set(row.provinceKey, row);

  // Provinces after it (admin_units), and the 63 → 34 merges (DICT_PROVINCE): the new province
  // keeps one of its predecessors' codes. An unchanged province keeps one record throughout.
  const merged = new Map<string, string[]>();
  for (const [newKey, oldKeys] of Object.entries(conversion.DICT_PROVINCE)) {
    const target =
      newProvince.get(newKey) ?? fail(`province ${newKey} of the conversion has no unit`);
    const from = oldKeys.map(
      (key) => oldProvinces.get(key)?.provinceCode ?? fail(`old province ${key} unknown`),
    );
    if (from.length > 1) merged.set(target.provinceCode, from);
  }
  const provincesEnding = new Set([...merged.values()].flat());
  for (const row of oldProvinces.values()) {
    units.push({
      code: row.provinceCode,
      name: row.province,
      level: "province",
      kind: provinceKind(row.province),
      validFrom: LEGACY_FROM,
      ...(provincesEnding.has(row.provinceCode) ? { validTo: LEGACY_TO } : {}),
    });
  }
  for (const row of newProvince.values()) {
    const from = merged.get(row.provinceCode);
    if (from === undefined) continue;
    units.push({
      code: row.provinceCode,
      name: row.province,
      level: "province",
      kind: provinceKind(row.province),
      validFrom: REFORM,
    });
    lineage.push({
      kind: "merge",
      effective: REFORM,
      from,
      to: [row.provinceCode],
      basis: BASIS.provinces,
    });
  }

  // Districts (districtCode, district, districtType): all end with the reform. Five island
  // districts had no communes; each became a special zone (đặc khu) of its own.
  const districts = new Map<string, LegacyRow>();
  for (const row of legacy)
    if (!districts.has(row.districtCode)) districts.set(row.districtCode, row);
  for (const row of districts.values()) {
    units.push({
      code: row.districtCode,
      name: row.district,
      level: "district",
      kind: districtKind(row.districtType, row),
      parentCode: row.provinceCode,
      validFrom: LEGACY_FROM,
      validTo: LEGACY_TO,
    });
  }

  // Communes before the reform (wardCode, ward, wardType), under their district.
  const oldWardCode = new Map<string, string>();
  const oldWardName = new Map<string, string>();
  for (const row of legacy) {
    if (row.wardCode === null || row.ward === null) continue;
    oldWardCode.set(`${row.provinceKey}_${row.districtKey}_${row.wardKey}`, row.wardCode);
    oldWardName.set(row.wardCode, row.ward);
    units.push({
      code: row.wardCode,
      name: row.ward,
      level: "commune",
      kind: communeKind(row.wardType, row.ward),
      parentCode: row.districtCode,
      validFrom: LEGACY_FROM,
      validTo: LEGACY_TO,
    });
  }

  // Communes after it, under their province; and where each came from: the old communes wholly
  // in it (DICT_PROVINCE_WARD_NO_DIVIDED) and the divided old communes it took a part of
  // (DICT_PROVINCE_WARD_DIVIDED, whose isDefaultNewWard names the successor that past facts of
  // the divided commune are re-attributed to).
  const newWard = new Map<string, CurrentRow>();
  for (const row of current) newWard.set(`${row.provinceKey}|${row.wardKey}`, row);
  const islandDistricts = new Map(
    [...districts.values()]
      .filter((row) => row.wardCode === null)
      .map((row) => [`${row.provinceKey}_${row.districtKey}_`, row]),
  );
  const endedByEvent = new Set<string>();
  for (const [provinceKey, wards] of Object.entries(conversion.DICT_PROVINCE_WARD_NO_DIVIDED)) {
    for (const [wardKey, oldKeys] of Object.entries(wards)) {
      const target =
        newWard.get(`${provinceKey}|${wardKey}`) ??
        fail(`new commune ${provinceKey}/${wardKey} unknown`);
      const island = oldKeys.length === 1 ? islandDistricts.get(oldKeys[0] as string) : undefined;
      if (island !== undefined) {
        lineage.push({
          kind: "rename",
          effective: REFORM,
          from: [island.districtCode],
          to: [target.wardCode],
          basis: BASIS.communes(target.province),
        });
        continue;
      }
      const from = oldKeys.map((key) => oldWardCode.get(key) ?? fail(`old commune ${key} unknown`));
      for (const code of from) endedByEvent.add(code);
      // Kept whole with its code and name, a commune only changed parent (its district ended);
      // under another name or code it was renamed.
      const kept =
        from.length === 1 &&
        from[0] === target.wardCode &&
        oldWardName.get(target.wardCode) === target.ward;
      lineage.push({
        kind: from.length > 1 ? "merge" : kept ? "reparent" : "rename",
        effective: REFORM,
        from,
        to: [target.wardCode],
        basis: BASIS.communes(target.province),
      });
    }
  }
  for (const [provinceKey, divided] of Object.entries(conversion.DICT_PROVINCE_WARD_DIVIDED)) {
    for (const [oldKey, parts] of Object.entries(divided)) {
      const code = oldWardCode.get(oldKey) ?? fail(`divided commune ${oldKey} unknown`);
      const to = parts.map(
        (part) =>
          (
            newWard.get(`${provinceKey}|${part.newWardKey}`) ??
            fail(`new commune ${part.newWardKey} unknown`)
          ).wardCode,
      );
      const main = parts.filter((part) => part.isDefaultNewWard);
      if (main.length !== 1)
        fail(`divided commune ${oldKey} has ${main.length} default successors`);
      const attributeTo = to[parts.indexOf(main[0] as (typeof parts)[number])] as string;
      endedByEvent.add(code);
      lineage.push({
        kind: "split",
        effective: REFORM,
        from: [code],
        to: [...to].sort(),
        attributeTo,
        basis: BASIS.communes(newProvince.get(provinceKey)?.province ?? provinceKey),
      });
    }
  }
  for (const row of current) {
    units.push({
      code: row.wardCode,
      name: row.ward,
      level: "commune",
      kind: communeKind(row.wardType, row.ward),
      parentCode: row.provinceCode,
      validFrom: REFORM,
    });
  }
  const unconverted = [...oldWardCode.values()].filter((code) => !endedByEvent.has(code));
  if (unconverted.length > 0) fail(`old communes with no successor: ${unconverted.join(", ")}`);

  // Every district ends with the two-tier reform; the island districts' rename continues five.
  const abolished = [...districts.values()]
    .filter((row) => row.wardCode !== null)
    .map((row) => row.districtCode)
    .sort();
  lineage.push({
    kind: "abolish",
    effective: REFORM,
    from: abolished,
    to: [],
    basis: BASIS.districts,
  });
  return { units, lineage };
}

function main() {
  const { values } = parseArgs({
    options: { wheel: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    process.stdout.write(
      "usage: npm run units:generate -w @danvan/vietnam [-- --wheel vietnamadminunits-1.0.4-py3-none-any.whl]\n" +
        "Writes data/vietnam-units.json from the pinned vietnamadminunits wheel (downloaded by pip unless given).\n",
    );
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), "vietnamadminunits-"));
  try {
    const wheel = fetchWheel(folder, values.wheel);
    const unpacked = join(folder, "unpacked");
    execFileSync("python3", ["-m", "zipfile", "-e", wheel, unpacked]);
    const data = join(unpacked, "vietnamadminunits", "data");
    const conversion = JSON.parse(
      readFileSync(join(data, "converter_2025.json"), "utf8"),
    ) as Conversion;
    const database = new DatabaseSync(join(data, "dataset.db"), { readOnly: true });
    const generated = generate(database, conversion);
    database.close();
    // The importer's own validation and normalisation: what is written is what services load.
    const checked = parseUnitsJson(JSON.stringify(generated));
    if (!checked.ok) {
      fail(
        checked.errors
          .slice(0, 20)
          .map((issue) => `${issue.section}: ${issue.message}`)
          .join("\n"),
      );
    }
    writeFileSync(OUTPUT, serializeUnitDataset(checked.dataset));
    const count = (level: string) =>
      checked.dataset.units.filter((unit) => unit.level === level).length;
    process.stderr.write(
      `wrote ${OUTPUT.pathname}: ${count("province")} province, ${count("district")} district and ${count("commune")} commune records, ${checked.dataset.lineage.length} lineage events\n`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main();

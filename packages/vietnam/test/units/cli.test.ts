import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { sampleUnitDataset, serializeUnitDataset } from "../../src/units/index.ts";
import { lineageCsv, unitsCsv } from "./fixtures.ts";

// The CLI's source, run by the same Node as the tests (Node 24 strips the types itself); the built
// dist/units/import-cli.js is the same program compiled.
const CLI = fileURLToPath(new URL("../../src/units/import-cli.ts", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "danvan-units-import-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

function importCli(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: folder });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Each test starts a Node process; on a busy 2-core machine that alone can take seconds.
describe("units:import", { timeout: 60_000 }, () => {
  it("validates a CSV with its lineage and writes the normalised dataset", () => {
    const units = file("units.csv", unitsCsv(sampleUnitDataset.units));
    const lineage = file("lineage.csv", lineageCsv(sampleUnitDataset.lineage));
    const out = join(folder, "dataset.json");
    const run = importCli(units, "--lineage", lineage, "--out", out);
    expect(run.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(serializeUnitDataset(sampleUnitDataset));
    expect(run.stderr).toContain(
      "valid: 7 province records, 7 district records, 31 commune records, 14 lineage events",
    );
  });

  it("says what an import changes, and changes nothing when imported again", () => {
    const out = join(folder, "reimported.json");
    const first = importCli(
      file("first.json", serializeUnitDataset(sampleUnitDataset)),
      "--out",
      out,
    );
    expect(first.status).toBe(0);
    const renamed = {
      ...sampleUnitDataset,
      units: sampleUnitDataset.units.map((unit) =>
        unit.code === "00004" && unit.validFrom === "2025-07-01"
          ? { ...unit, name: "Phường Ba Đình Mới" }
          : unit,
      ),
    };
    const source = file("renamed.json", serializeUnitDataset(renamed));
    const second = importCli(source, "--out", out);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain(
      "1 changed: 00004 Phường Ba Đình (2025-07-01–…) → 00004 Phường Ba Đình Mới (2025-07-01–…)",
    );
    expect(second.stderr).toContain("0 unit record(s) added");
    expect(readFileSync(out, "utf8")).toBe(serializeUnitDataset(renamed));
    const written = readFileSync(out, "utf8");
    const third = importCli(source, "--out", out);
    expect(third.status).toBe(0);
    expect(third.stderr).toContain(`no change: ${out} already holds this dataset`);
    expect(readFileSync(out, "utf8")).toBe(written);
  });

  it("reads a JSON dataset and writes to stdout without --out", () => {
    const run = importCli(file("dataset-in.json", serializeUnitDataset(sampleUnitDataset)));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(serializeUnitDataset(sampleUnitDataset)));
  });

  it("prints every problem as file:line and writes nothing when the data is invalid", () => {
    const bad = file(
      "bad.csv",
      "code,name,level,kind,parent_code,valid_from,valid_to\n01,Hà Nội,province,tinh,,2020-01-01,\n1,X,commune,xa,01,2025-07-01,\n",
    );
    const out = join(folder, "never.json");
    const run = importCli(bad, "--out", out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${bad}:3: code "1" has 1 digit(s) but a commune code has 5`);
    expect(run.stderr).toContain("1 problem(s) found; nothing written");
    expect(() => readFileSync(out)).toThrow();
  });

  it("explains its usage", () => {
    expect(importCli().status).toBe(2);
    expect(importCli(file("units.txt", "")).stderr).toMatch(/^usage: /);
    expect(importCli(file("x.json", "{}"), "--lineage", "l.csv").stderr).toMatch(
      /--lineage goes with a units CSV/,
    );
    expect(importCli("--verbose").status).toBe(2);
    expect(importCli(join(folder, "missing.csv"))).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/cannot read/),
    });
  });

  it("shows a progress bar with counts on stderr for a large file", () => {
    const communes = Array.from({ length: 1500 }, (_, index) => ({
      code: String(10000 + index),
      name: `Xã Thử Nghiệm ${index + 1}`,
      level: "commune" as const,
      kind: "xa" as const,
      parentCode: "01",
      validFrom: "2025-07-01",
    }));
    const province = {
      code: "01",
      name: "Thành phố Hà Nội",
      level: "province" as const,
      kind: "tinh" as const,
      validFrom: "2020-01-01",
    };
    const run = importCli(
      file("large.csv", unitsCsv([province, ...communes])),
      "--out",
      join(folder, "large.json"),
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      "validating rows [##############################] 1,501/1,501 (100%)",
    );
  });
});

describe("units:import --help", { timeout: 60_000 }, () => {
  it("says how to use it and does nothing else; an unknown option is wrong usage", () => {
    const help = importCli("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: .*import-cli\.js/);
    expect(help.stdout).toContain("--lineage");
    const unknown = importCli("units.csv", "--bogus");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--bogus'/);
  });
});

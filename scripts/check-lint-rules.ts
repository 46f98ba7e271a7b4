// Proves that `npm run lint` still enforces the architecture's import rules (docs/architecture.md §3):
// it writes one file breaking each rule, and one file of each kind that is allowed, into a
// throwaway folder laid out like the repository, lints it, and fails unless exactly the
// breaking files are refused, each by its rule. Part of `npm run lint:root`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

interface Probe {
  path: string;
  code: string;
  /** The rule that must refuse it; none when the file is allowed. */
  refusedBy?: "noRestrictedImports" | "noImportCycles";
}

const use = (module: string) => `import * as m from "${module}";\n\nexport const probe = m;\n`;

const probes: Probe[] = [
  { path: "packages/testing/src/spy.ts", code: use("kafkajs"), refusedBy: "noRestrictedImports" },
  { path: "apps/gateway/test/a.test.ts", code: use("kafkajs"), refusedBy: "noRestrictedImports" },
  { path: "bench/load.ts", code: use("kafkajs"), refusedBy: "noRestrictedImports" },
  { path: "packages/platform/src/messaging/client.ts", code: use("kafkajs") },
  {
    path: "apps/gateway/src/proxy.ts",
    code: use("@danvan/dialogues/assemble"),
    refusedBy: "noRestrictedImports",
  },
  { path: "apps/gateway/test/e2e/system.test.ts", code: use("@danvan/dialogues/assemble") },
  ...["express", "mongoose", "mongodb", "kafkajs", "@danvan/platform/http"].map((module) => ({
    path: `apps/dialogues/src/domain/petition/${module.replaceAll("/", "-")}.ts`,
    code: use(module),
    refusedBy: "noRestrictedImports" as const,
  })),
  { path: "apps/dialogues/src/domain/petition/decide.ts", code: use("@danvan/platform/domain") },
  { path: "apps/dialogues/src/http/routes.ts", code: use("express") },
  {
    path: "packages/vietnam/src/one.ts",
    code: 'import { two } from "./two.ts";\n\nexport const one = () => two;\n',
    refusedBy: "noImportCycles",
  },
  {
    path: "packages/vietnam/src/two.ts",
    code: 'import { one } from "./one.ts";\n\nexport const two = () => one;\n',
    refusedBy: "noImportCycles",
  },
];

const folder = mkdtempSync(join(process.cwd(), ".lint-probes-"));
let failures: string[] = [];
try {
  for (const probe of probes) {
    mkdirSync(dirname(join(folder, probe.path)), { recursive: true });
    writeFileSync(join(folder, probe.path), probe.code);
  }
  const run = spawnSync("npx", ["biome", "lint", "--max-diagnostics=none", folder], {
    encoding: "utf8",
  });
  const output = `${run.stdout}${run.stderr}`;
  failures = probes.flatMap((probe) => {
    const pattern = new RegExp(`${probe.path.replaceAll(".", "\\.")}:\\d+:\\d+ lint/\\w+/(\\w+)`);
    const rule = pattern.exec(output)?.[1];
    if (rule === probe.refusedBy) return [];
    return [
      probe.refusedBy
        ? `${probe.path} should be refused by ${probe.refusedBy}, ${rule ? `was refused by ${rule}` : "was accepted"}`
        : `${probe.path} should be accepted, was refused by ${rule}`,
    ];
  });
} finally {
  rmSync(folder, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`The lint rules do not hold:\n  - ${failures.join("\n  - ")}`);
  process.exit(1);
}
console.log(`lint rules: ${probes.length} probes refused or accepted as they should be`);

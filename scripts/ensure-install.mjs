// Installs the workspace's dependencies when they are missing or stale, so that `npm start`,
// `npm test` and infra/local work on a fresh clone. Plain JavaScript on purpose: it runs on
// whatever Node the machine has (20 is enough) before the project's own Node 24 is installed.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const marker = join(root, "node_modules", ".danvan-install");

function manifests() {
  const files = ["package.json", "package-lock.json"];
  for (const parent of ["apps", "packages"]) {
    const dir = join(root, parent);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      files.push(join(parent, name, "package.json"));
    }
  }
  files.push(join("infra", "package.json"));
  return files.filter((file) => existsSync(join(root, file)));
}

function fingerprint() {
  const hash = createHash("sha256");
  for (const file of manifests()) {
    hash.update(file);
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest("hex");
}

const wanted = fingerprint();
const upToDate =
  existsSync(marker) &&
  readFileSync(marker, "utf8").trim() === wanted &&
  existsSync(join(root, "node_modules", ".bin", "node"));

if (!upToDate) {
  // `npm install`, not `npm ci`: it installs the locked versions all the same, and npm 11 writes
  // lockfiles without other platforms' optional packages, which `npm ci` then calls out of sync.
  const args = ["install", "--no-audit", "--no-fund"];
  console.error(
    "• Installing dependencies (npm install; warnings that Node 20 is unsupported are expected:\n" +
      "  this step installs the project's own Node 24)…",
  );
  const result = spawnSync("npm", args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`npm ${args[0]} failed; fix the error above and run the command again.`);
    process.exit(result.status ?? 1);
  }
  // Hash again: `npm install` may have rewritten the lockfile.
  writeFileSync(marker, `${fingerprint()}\n`);
}

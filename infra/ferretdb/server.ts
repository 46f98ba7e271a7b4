import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { infraDir } from "../local/paths.ts";
import type { ManagedProcess } from "../local/processes.ts";
import { startDetached } from "../local/processes.ts";
import type { Progress } from "../local/progress.ts";
import { step } from "../local/progress.ts";
import type { LocalSettings } from "../local/settings.ts";
import { requireTools, runOrThrow } from "../local/tools.ts";
import { PATCH_SOURCES, patchedFerretdb } from "./patch.ts";

/** What decides the binary: the module files, our Go files and the patch. */
async function sources(sourceDir: string): Promise<string[]> {
  const goFiles = (await readdir(sourceDir)).filter((f) => f.endsWith(".go")).sort();
  return ["go.mod", "go.sum", ...goFiles, ...PATCH_SOURCES];
}

export function ferretdbProcess(settings: LocalSettings): ManagedProcess {
  const dataDir = join(settings.stateDir, "ferretdb", "data");
  return {
    name: "ferretdb",
    pidFile: join(settings.stateDir, "ferretdb.pid"),
    marker: `--data-dir=${dataDir}`,
  };
}

export function ferretdbLogFile(settings: LocalSettings): string {
  return join(settings.stateDir, "ferretdb", "server.log");
}

/**
 * The FerretDB binary, built once through the Go module proxy from infra/ferretdb with our patch
 * (patch.ts) and cached under a key of its sources, so a changed go.mod or patch builds a new one
 * and nothing else does.
 */
export async function prepareFerretdb(settings: LocalSettings, progress: Progress) {
  const sourceDir = join(infraDir(), "ferretdb");
  const hash = createHash("sha256");
  for (const file of await sources(sourceDir)) hash.update(await readFile(join(sourceDir, file)));
  const binary = join(settings.cacheDir, `ferretdb-${hash.digest("hex").slice(0, 12)}`, "ferretdb");
  if (existsSync(binary)) return binary;

  await requireTools(["go"]);
  await mkdir(join(binary, ".."), { recursive: true });
  const staging = `${binary}.partial-${process.pid}`;
  const work = `${binary}.source-${process.pid}`;
  try {
    await step(
      progress,
      "FerretDB 1.24: building from the Go module proxy (first run only)",
      async () => {
        const modfile = await patchedFerretdb(sourceDir, work);
        await runOrThrow(
          "building FerretDB",
          "go",
          ["build", "-trimpath", `-modfile=${modfile}`, "-o", staging, "."],
          {
            cwd: sourceDir,
            // FerretDB's SQLite driver is pure Go: no C compiler needed, and the binary is static.
            env: { ...process.env, CGO_ENABLED: "0" },
          },
        );
      },
    );
    await rename(staging, binary);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return binary;
}

export async function startFerretdb(settings: LocalSettings, binary: string): Promise<number> {
  const proc = ferretdbProcess(settings);
  return startDetached(proc, {
    command: binary,
    // FerretDB logs every error reply (each expected duplicate key) at warn: keep the log for real errors.
    args: [
      `--listen=127.0.0.1:${settings.mongoPort}`,
      proc.marker,
      "--log-level=error",
      ...(settings.ferretdbPprof ? [`--pprof=${settings.ferretdbPprof}`] : []),
    ],
    logFile: ferretdbLogFile(settings),
    // Go's collector took an eighth of FerretDB's CPU under load, for a heap of a few MB: it
    // collects only once the heap reaches 1 GiB (ADR 0007). The caller's own settings win.
    env: { GOGC: "off", GOMEMLIMIT: "1GiB", ...process.env },
  });
}

import { chmod, cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runOrThrow } from "../local/tools.ts";

const MODULE = "github.com/FerretDB/FerretDB";

/**
 * Our changes to FerretDB 1.24's SQLite backend, applied to a copy of the module at build time
 * (docs/decisions/0007): without them every update and delete, and every query but `{_id: v}`,
 * reads and decodes the whole table, so a write costs milliseconds per thousand documents in
 * the collection.
 */
const EDITS: { file: string; find: string; replace: string; why: string }[] = [
  {
    file: "internal/backends/sqlite/metadata/metadata.go",
    find: `IDColumn = DefaultColumn + "->'$._id'"`,
    replace: `IDColumn = DefaultColumn + "->\\"_id\\""`,
    why:
      'the _id index is on `->"_id"`; SQLite uses an expression index only for the same ' +
      "expression, and FerretDB queried `->'$._id'`, which scans",
  },
  {
    file: "internal/backends/sqlite/collection.go",
    find: "\tq += whereClause\n",
    replace: "\twhereClause, args = danvanPushdown(params.Filter)\n\tq += whereClause\n",
    why: "narrow queries in SQL by the filter's conditions it can express (patch/pushdown.go.in)",
  },
  {
    file: "internal/util/resource/resource.go",
    find: "\tcheckArgs(obj, token)\n\n\tname := profileName(obj)\n",
    replace:
      "\tcheckArgs(obj, token)\n\treturn // danvan: not tracked\n\n\tname := profileName(obj)\n",
    why:
      "FerretDB's leak detector for its own tests records a stack in a pprof profile and sets a " +
      "finalizer for every cursor and iterator: an eighth of its CPU per query",
  },
  {
    file: "internal/util/resource/resource.go",
    find: "\tcheckArgs(obj, token)\n\n\tp := pprof.Lookup(profileName(obj))\n",
    replace:
      "\tcheckArgs(obj, token)\n\treturn // danvan: not tracked\n\n\tp := pprof.Lookup(profileName(obj))\n",
    why: "the other half of the leak detector (Untrack of what Track no longer records)",
  },
  {
    file: "internal/handler/msg_find.go",
    find: "params.Filter.Len() == 0 && params.Sort.Len() == 0 && params.Skip == 0",
    replace:
      "(params.Filter.Len() == 0 || danvanLimitCovered(params.Filter)) && params.Sort.Len() == 0 && params.Skip == 0",
    why:
      "a limit is applied in SQL when the pushdown selects exactly what the filter matches " +
      "(patch/limit.go.in): an outbox's next batch without reading every pending document",
  },
];

const ADDED = [
  { from: "patch/pushdown.go.in", to: "internal/backends/sqlite/danvan_pushdown.go" },
  { from: "patch/limit.go.in", to: "internal/handler/danvan_limit.go" },
];

/** The files whose content decides the patched build (its cache key). */
export const PATCH_SOURCES = ["patch.ts", ...ADDED.map((a) => a.from)];

/**
 * Copies the FerretDB module that go.mod names from the module cache (downloading it through
 * the proxy if needed) to `into`, applies our changes, and returns a go.mod/go.sum pair for
 * `go build -modfile` that builds with the copy. An edit whose text is not found exactly once
 * fails the build: a new FerretDB version needs the patch looked at again.
 */
export async function patchedFerretdb(sourceDir: string, into: string): Promise<string> {
  const info = JSON.parse(
    await runOrThrow("finding FerretDB's module", "go", ["mod", "download", "-json", MODULE], {
      cwd: sourceDir,
    }),
  ) as { Dir: string; Version: string };
  const copy = join(into, "FerretDB");
  await cp(info.Dir, copy, { recursive: true });
  await runOrThrow("making the copy writable", "chmod", ["-R", "u+w", copy]);
  for (const edit of EDITS) {
    const path = join(copy, edit.file);
    const text = await readFile(path, "utf8");
    const count = text.split(edit.find).length - 1;
    if (count !== 1) {
      throw new Error(
        `FerretDB ${info.Version}: ${edit.file} holds ${count} copies of the text our patch ` +
          `changes (${edit.why}); review infra/ferretdb/patch.ts for this version`,
      );
    }
    await writeFile(path, text.replace(edit.find, edit.replace));
  }
  for (const added of ADDED) {
    await cp(join(sourceDir, added.from), join(copy, added.to));
    await chmod(join(copy, added.to), 0o644);
  }
  const modfile = join(into, "go.mod");
  const goMod = await readFile(join(sourceDir, "go.mod"), "utf8");
  await writeFile(modfile, `${goMod}\nreplace ${MODULE} => ${copy}\n`);
  await cp(join(sourceDir, "go.sum"), join(into, "go.sum"));
  return modfile;
}

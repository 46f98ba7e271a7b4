import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The infra/ folder, found from this module whether it runs from source or from dist/, so that
 * pom.xml, main.go and the templates are read where they are kept.
 */
export function infraDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "kafka", "pom.xml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the infra folder (kafka/pom.xml)");
    dir = parent;
  }
  return dir;
}

/** The repository root, where docker-compose.yml lives. */
export function repositoryDir(): string {
  return dirname(infraDir());
}

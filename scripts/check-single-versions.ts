// Fails when the lockfile holds more than one version of a library that must be shared: two
// copies of zod, kafkajs or mongoose mean schemas, clients or models that do not recognise
// each other's objects. Part of `npm run lint:root`.
import { readFileSync } from "node:fs";

const SHARED = ["zod", "kafkajs", "mongoose", "mongodb"];

const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, { version?: string; link?: boolean }>;
};

const problems: string[] = [];
for (const name of SHARED) {
  const versions = new Map<string, string[]>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.endsWith(`node_modules/${name}`) || entry.link || !entry.version) continue;
    versions.set(entry.version, [...(versions.get(entry.version) ?? []), path]);
  }
  if (versions.size > 1) {
    const found = [...versions].map(([v, paths]) => `${v} (${paths.join(", ")})`).join("; ");
    problems.push(`${name} has ${versions.size} versions: ${found}`);
  }
}

if (problems.length > 0) {
  console.error(`One version of each shared library, please:\n  - ${problems.join("\n  - ")}`);
  process.exit(1);
}

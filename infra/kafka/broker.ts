import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { infraDir } from "../local/paths.ts";
import type { ManagedProcess } from "../local/processes.ts";
import { startDetached } from "../local/processes.ts";
import type { Progress } from "../local/progress.ts";
import { step } from "../local/progress.ts";
import type { LocalSettings } from "../local/settings.ts";
import { requireTools, runOrThrow } from "../local/tools.ts";

/** The broker as a managed process; its marker is its own properties file in our state folder. */
export function kafkaProcess(settings: LocalSettings): ManagedProcess {
  return {
    name: "kafka",
    pidFile: join(settings.stateDir, "kafka.pid"),
    marker: join(settings.stateDir, "kafka", "server.properties"),
  };
}

export function kafkaLogFile(settings: LocalSettings): string {
  return join(settings.stateDir, "kafka", "broker.log");
}

/**
 * The broker's classpath: the runtime dependencies of infra/kafka/pom.xml, copied once from
 * Maven Central into the cache (keyed by the pom's content) and reused by every later run.
 */
export async function prepareKafka(settings: LocalSettings, progress: Progress): Promise<string> {
  const pomFile = join(infraDir(), "kafka", "pom.xml");
  const pom = await readFile(pomFile, "utf8");
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1] ?? "unknown";
  const key = createHash("sha256").update(pom).digest("hex").slice(0, 12);
  const libs = join(settings.cacheDir, `kafka-${version}-${key}`, "libs");
  if (existsSync(join(libs, ".complete"))) return libs;

  await requireTools(["java", "mvn"]);
  const staging = `${libs}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await step(progress, `Kafka ${version}: fetching jars from Maven Central (first run only)`, () =>
    runOrThrow("resolving Kafka from Maven Central", "mvn", [
      "-B",
      "-q",
      "-f",
      pomFile,
      "dependency:copy-dependencies",
      `-DoutputDirectory=${staging}`,
    ]),
  );
  await writeFile(join(staging, ".complete"), `${version}\n`);
  await rm(libs, { recursive: true, force: true });
  await mkdir(join(libs, ".."), { recursive: true });
  await rename(staging, libs);
  return libs;
}

/** The broker configuration for these settings, from server.properties.template. */
export function renderProperties(
  template: string,
  settings: LocalSettings,
  dataDir: string,
): string {
  const values: Record<string, string> = {
    BROKER_PORT: String(settings.kafkaPort),
    CONTROLLER_PORT: String(settings.kafkaControllerPort),
    DATA_DIR: dataDir,
  };
  return template.replaceAll(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`unknown placeholder \${${name}} in server.properties`);
    return value;
  });
}

/** A KRaft cluster id: 16 random bytes, base64url without padding, as Kafka's Uuid expects. */
function newClusterId(): string {
  return randomBytes(16).toString("base64url");
}

function javaArgs(libs: string, mainClass: string, args: string[]): string[] {
  return [
    "-Xms256m",
    "-Xmx768m",
    "-XX:+UseG1GC",
    "-Djava.awt.headless=true",
    `-Dlog4j.configuration=file:${join(infraDir(), "kafka", "log4j.properties")}`,
    "-cp",
    `${libs}/*`,
    mainClass,
    ...args,
  ];
}

/** Formats the data folder on first use, then starts the broker in the background. */
export async function startKafka(settings: LocalSettings, libs: string): Promise<number> {
  const proc = kafkaProcess(settings);
  const dataDir = join(settings.stateDir, "kafka", "data");
  const template = await readFile(join(infraDir(), "kafka", "server.properties.template"), "utf8");
  await mkdir(dataDir, { recursive: true });
  await writeFile(proc.marker, renderProperties(template, settings, dataDir));

  if (!existsSync(join(dataDir, "meta.properties"))) {
    await runOrThrow(
      "formatting Kafka's data folder",
      "java",
      javaArgs(libs, "kafka.tools.StorageTool", [
        "format",
        "--ignore-formatted",
        // In one argument: a base64url id may begin with "-", which argparse takes for an option
        // ("expected one argument" — one start in 64 failed that way).
        `--cluster-id=${newClusterId()}`,
        "-c",
        proc.marker,
      ]),
    );
  }
  return startDetached(proc, {
    command: "java",
    args: javaArgs(libs, "kafka.Kafka", [proc.marker]),
    logFile: kafkaLogFile(settings),
  });
}

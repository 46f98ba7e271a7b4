import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allTopics } from "@danvan/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { down, readSettings, status, up } from "../local/index.ts";
import { portIsFree } from "../local/processes.ts";
import type { LocalSettings } from "../local/settings.ts";
import { run } from "../local/tools.ts";

// The whole life of local infrastructure as processes, on ports and a state folder of its own
// so it never touches the instance the rest of the suite uses. Jars and the FerretDB binary come
// from the shared cache, which the run's first `up` has filled.
let stateDir: string;
let settings: LocalSettings;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "danvan-lifecycle-"));
  settings = readSettings({
    ...process.env,
    DANVAN_INFRA_MODE: "processes",
    DANVAN_STATE_DIR: stateDir,
    DANVAN_KAFKA_PORT: "19392",
    DANVAN_KAFKA_CONTROLLER_PORT: "19393",
    DANVAN_MONGO_PORT: "19317",
  });
});

afterAll(async () => {
  await down({ settings }).catch(() => {});
  await rm(stateDir, { recursive: true, force: true });
});

async function pidOf(name: string): Promise<number> {
  return Number((await readFile(join(stateDir, `${name}.pid`), "utf8")).trim());
}

/** Running, and not a zombie: here the processes are children of the test, reaped a bit later. */
async function running(pid: number): Promise<boolean> {
  const ps = await run("ps", ["-o", "stat=", "-p", String(pid)]);
  return ps.code === 0 && !ps.output.trim().startsWith("Z");
}

describe("infra/local as processes", () => {
  it("starts Kafka and FerretDB and reports them ready", { timeout: 300_000 }, async () => {
    const result = await up({ settings });

    expect(result).toEqual({
      mode: "processes",
      endpoints: { kafkaBrokers: ["127.0.0.1:19392"], mongoUrl: "mongodb://127.0.0.1:19317" },
      started: ["kafka", "ferretdb"],
    });
    const report = await status({ settings });
    expect(report.components.map((c) => [c.name, c.state])).toEqual([
      ["kafka", "ready"],
      ["ferretdb", "ready"],
    ]);
  });

  it("is idempotent: a second up starts nothing and keeps the same processes", async () => {
    const before = [await pidOf("kafka"), await pidOf("ferretdb")];

    const again = await up({ settings });

    expect(again.started).toEqual([]);
    expect([await pidOf("kafka"), await pidOf("ferretdb")]).toEqual(before);
  });

  it("provisions the contract's topics with the ops command, idempotently", {
    timeout: 120_000,
  }, async () => {
    const provision = (env: NodeJS.ProcessEnv) =>
      run(process.execPath, [join(import.meta.dirname, "../kafka/provision.ts")], {
        env: { ...process.env, ...env },
      });
    const env = { KAFKA_BROKERS: "127.0.0.1:19392", TOPIC_PREFIX: "ops" };
    const first = await provision(env);
    expect(first.code, first.output).toBe(0);
    const count = allTopics().length;
    expect(first.output).toContain(
      `topics: ${count} created, 0 grown, 0 reconfigured, 0 unchanged`,
    );
    expect(first.output).toContain("created ops.dialogues.petition.events");
    const second = await provision(env);
    expect(second.output).toContain(
      `topics: 0 created, 0 grown, 0 reconfigured, ${count} unchanged`,
    );

    const refused = await provision({ KAFKA_BROKERS: "", KAFKA_REPLICATION_FACTOR: "three" });
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/KAFKA_BROKERS: .*\n.*KAFKA_REPLICATION_FACTOR/s);
  });

  it("refuses to start a second instance on ports that are taken", async () => {
    const otherState = await mkdtemp(join(tmpdir(), "danvan-lifecycle-other-"));
    try {
      const clash = readSettings({
        ...process.env,
        ...envOf(settings),
        DANVAN_STATE_DIR: otherState,
      });
      await expect(up({ settings: clash })).rejects.toThrow(
        /another program listens on port 19392 \(Kafka\), 19393 \(Kafka\), 19317 \(database\)/,
      );
    } finally {
      await rm(otherState, { recursive: true, force: true });
    }
  });

  it("down stops every process it started and leaves none running", async () => {
    const pids = [await pidOf("kafka"), await pidOf("ferretdb")];

    const stopped = await down({ settings });

    expect(stopped).toEqual(["kafka", "ferretdb"]);
    for (const pid of pids) expect(await running(pid)).toBe(false);
    expect(existsSync(join(stateDir, "kafka.pid"))).toBe(false);
    for (const port of [19392, 19393, 19317]) expect(await portIsFree(port)).toBe(true);
    expect((await status({ settings })).components.every((c) => c.state === "stopped")).toBe(true);
    expect(await down({ settings })).toEqual([]);
  });
});

function envOf(s: LocalSettings): NodeJS.ProcessEnv {
  return {
    DANVAN_INFRA_MODE: "processes",
    DANVAN_KAFKA_PORT: String(s.kafkaPort),
    DANVAN_KAFKA_CONTROLLER_PORT: String(s.kafkaControllerPort),
    DANVAN_MONGO_PORT: String(s.mongoPort),
  };
}

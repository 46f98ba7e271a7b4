import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, configTable, env, fragments, loadConfig } from "@danvan/platform/config";
import {
  CONFIG_TABLE_MARKERS,
  readmeHasConfigTable,
  updateReadmeConfigTable,
} from "@danvan/platform/readme";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const schema = z.object({
  PORT: env.port(3001),
  KAFKA_BROKERS: env.kafkaBrokers(),
  MONGO_URL: env.mongoUrl(),
  LOG_LEVEL: env.logLevel(),
  JWT_SECRET_KEY: z.string().min(32).describe("Signing key"),
  OVERDUE_SWEEP_MS: env.milliseconds(5000, "How often the deadline job looks for due petitions"),
});

const good = {
  KAFKA_BROKERS: "k1:9092, k2:9092",
  MONGO_URL: "mongodb://db:27017",
  JWT_SECRET_KEY: "x".repeat(40),
};

describe("configuration", () => {
  it("parses the environment with defaults and types", () => {
    expect(loadConfig(schema, good)).toEqual({
      PORT: 3001,
      KAFKA_BROKERS: ["k1:9092", "k2:9092"],
      MONGO_URL: "mongodb://db:27017",
      LOG_LEVEL: "info",
      JWT_SECRET_KEY: "x".repeat(40),
      OVERDUE_SWEEP_MS: 5000,
    });
  });

  it("names every missing or invalid variable in one error, hiding secrets", () => {
    const error = (() => {
      try {
        loadConfig(schema, {
          PORT: "http",
          KAFKA_BROKERS: "",
          LOG_LEVEL: "loud",
          JWT_SECRET_KEY: "short",
        });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    const byName = Object.fromEntries(error.problems.map((p) => [p.split(":")[0], p]));
    expect(Object.keys(byName).sort()).toEqual([
      "JWT_SECRET_KEY",
      "KAFKA_BROKERS",
      "LOG_LEVEL",
      "MONGO_URL",
      "PORT",
    ]);
    expect(byName.PORT).toMatch(/got "http"/);
    expect(byName.KAFKA_BROKERS).toMatch(/not set/);
    expect(byName.MONGO_URL).toMatch(/not set/);
    expect(byName.JWT_SECRET_KEY).toMatch(/got "\*\*\*"/);
    expect(error.message).not.toContain("short");
  });

  it("listens on this machine only unless told another address", () => {
    const service = z.object(fragments.service({ port: 3101, metricsPort: 9401 }));
    expect(loadConfig(service, {}).HOST).toBe("127.0.0.1");
    expect(loadConfig(service, { HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
    expect(() => loadConfig(service, { HOST: "every interface" })).toThrow(ConfigError);
  });

  it("trusts no proxy unless told which, by address, subnet or express's names", () => {
    const proxies = z.object({ TRUST_PROXY: env.proxies("Trusted proxies") });
    expect(loadConfig(proxies, {}).TRUST_PROXY).toEqual([]);
    expect(loadConfig(proxies, { TRUST_PROXY: " 10.0.0.0/8, loopback,fd00::/8 " })).toEqual({
      TRUST_PROXY: ["10.0.0.0/8", "loopback", "fd00::/8"],
    });
    for (const bad of ["1", "10.0.0.0/33", "proxy.local", "10.0.0.1/8/9", "::1/129"]) {
      expect(() => loadConfig(proxies, { TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
    // Each flag spelling is read, and nothing else.
    const flag = z.object({ DEVELOPMENT_MODE: env.flag(false, "Development") });
    expect(loadConfig(flag, {}).DEVELOPMENT_MODE).toBe(false);
    expect(loadConfig(flag, { DEVELOPMENT_MODE: "yes" }).DEVELOPMENT_MODE).toBe(true);
    expect(() => loadConfig(flag, { DEVELOPMENT_MODE: "maybe" })).toThrow(/DEVELOPMENT_MODE/);
  });

  it("refuses malformed broker lists and database URLs", () => {
    expect(() => loadConfig(schema, { ...good, KAFKA_BROKERS: "kafka" })).toThrow(
      /KAFKA_BROKERS: .*host:port/,
    );
    expect(() => loadConfig(schema, { ...good, MONGO_URL: "postgres://x" })).toThrow(
      /MONGO_URL: .*mongodb/,
    );
  });

  it("generates the README table of variables", async () => {
    const table = configTable(schema);
    expect(table.split("\n")).toContain(
      "| `PORT` | no | `3001` | HTTP port to listen on (0: any free port) |",
    );
    expect(table.split("\n")).toContain(
      "| `MONGO_URL` | yes |  | MongoDB connection string (MongoDB 7 or FerretDB 1.24) |",
    );

    const dir = await mkdtemp(join(tmpdir(), "config-readme-"));
    const readme = join(dir, "README.md");
    await writeFile(
      readme,
      `# svc\n\n${CONFIG_TABLE_MARKERS.start}\nold\n${CONFIG_TABLE_MARKERS.end}\n\nmore\n`,
    );
    expect(await updateReadmeConfigTable(readme, schema)).toBe(true);
    expect(await readFile(readme, "utf8")).toContain(
      `${CONFIG_TABLE_MARKERS.start}\n${table}\n${CONFIG_TABLE_MARKERS.end}\n\nmore`,
    );
    expect(await updateReadmeConfigTable(readme, schema)).toBe(false);
    // A formatter aligning the table's columns does not make it stale.
    const aligned = (await readFile(readme, "utf8")).replace(
      "| `PORT` | no |",
      "| `PORT`           | no       |",
    );
    expect(readmeHasConfigTable(aligned, schema)).toBe(true);
    expect(readmeHasConfigTable(aligned.replace("`3001`", "`3002`"), schema)).toBe(false);
  });
});

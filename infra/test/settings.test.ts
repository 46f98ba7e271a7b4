import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderProperties } from "../kafka/broker.ts";
import { endpointsOf, readSettings } from "../local/settings.ts";
import { requireTools } from "../local/tools.ts";

describe("local settings", () => {
  it("defaults to the standard ports and a temporary state folder", () => {
    const settings = readSettings({ HOME: "/home/u" });
    expect(settings).toMatchObject({
      kafkaPort: 9092,
      kafkaControllerPort: 9093,
      mongoPort: 27017,
      ferretdbPprof: "",
      mode: "auto",
    });
    expect(endpointsOf(settings)).toEqual({
      kafkaBrokers: ["127.0.0.1:9092"],
      mongoUrl: "mongodb://127.0.0.1:27017",
    });
  });

  it("names every invalid variable at once", () => {
    const error = (() => {
      try {
        readSettings({
          DANVAN_KAFKA_PORT: "kafka",
          DANVAN_MONGO_PORT: "70000",
          DANVAN_INFRA_MODE: "k8s",
        });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message.split("\n")).toEqual([
      "invalid local infrastructure settings:",
      expect.stringMatching(/DANVAN_INFRA_MODE must be auto, docker or processes, got "k8s"/),
      expect.stringMatching(/DANVAN_KAFKA_PORT must be a TCP port .* got "kafka"/),
      expect.stringMatching(/DANVAN_MONGO_PORT must be a TCP port .* got "70000"/),
    ]);
  });

  it("renders a single-node KRaft configuration with auto-creation off", async () => {
    const template = await readFile(
      new URL("../kafka/server.properties.template", import.meta.url),
      "utf8",
    );
    const properties = renderProperties(
      template,
      readSettings({ DANVAN_KAFKA_PORT: "19092", DANVAN_KAFKA_CONTROLLER_PORT: "19093" }),
      "/tmp/data",
    );
    expect(properties).not.toContain("${");
    expect(properties).toContain(
      "listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
    );
    expect(properties).toContain("auto.create.topics.enable=false");
    expect(properties).toContain("offsets.topic.replication.factor=1");
    expect(properties).toContain("transaction.state.log.replication.factor=1");
    expect(properties).toContain("log.dirs=/tmp/data");
  });
});

describe("missing tools", () => {
  it("are named together in one message with what to install", async () => {
    const error = await requireTools(["java", "mvn", "go"], { PATH: "/nonexistent" }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/needs java, mvn, go/);
    expect(message).toMatch(/java: Java 17/);
    expect(message).toMatch(/mvn: Maven/);
    expect(message).toMatch(/go: Go 1\.24/);
    expect(message).toMatch(/Docker/);
  });

  it("pass silently when present", async () => {
    await expect(requireTools(["sh"])).resolves.toBeUndefined();
  });
});

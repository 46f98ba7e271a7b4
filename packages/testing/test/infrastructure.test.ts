import { describe, expect, inject, it } from "vitest";
import { parseBrokers, startInfrastructure, testScope } from "../src/index.ts";

describe("choosing infrastructure", () => {
  it("uses KAFKA_BROKERS and MONGO_URL when both are given, starting nothing", async () => {
    const infra = await startInfrastructure({
      KAFKA_BROKERS: "kafka-1:9092, kafka-2:9092",
      MONGO_URL: "mongodb://db:27017",
    });
    expect(infra.source).toBe("environment");
    expect(infra.kafkaBrokers).toEqual(["kafka-1:9092", "kafka-2:9092"]);
    expect(infra.mongoUrl).toBe("mongodb://db:27017");
  });

  it("refuses one of the two without the other", async () => {
    await expect(startInfrastructure({ KAFKA_BROKERS: "k:9092" })).rejects.toThrow(
      /both KAFKA_BROKERS and MONGO_URL/,
    );
    await expect(startInfrastructure({ MONGO_URL: "mongodb://db" })).rejects.toThrow(
      /both KAFKA_BROKERS and MONGO_URL/,
    );
  });

  it("rejects malformed broker lists", () => {
    expect(() => parseBrokers("")).toThrow(/host:port/);
    expect(() => parseBrokers("localhost")).toThrow(/host:port/);
    expect(() => parseBrokers("a:1,b")).toThrow(/host:port/);
  });
});

describe("test scopes", () => {
  it("are unique per call and safe as database and topic names", () => {
    const names = new Set(
      Array.from({ length: 100 }, () => testScope("Đối thoại / petitions!").databaseName),
    );
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^t_[0-9a-f]{6}_[a-z0-9_]{1,24}_[0-9a-f]{10}$/);
  });

  it("carry the infrastructure handed over by the global setup", () => {
    const scope = testScope();
    expect(scope.kafkaBrokers.length).toBeGreaterThan(0);
    expect(scope.mongoUrl).toMatch(/^mongodb:\/\//);
    expect(scope.topicPrefix).toBe(scope.databaseName);
    // Under the run's prefix, which its teardown sweeps.
    expect(scope.databaseName.startsWith(`${inject("runPrefix")}_`)).toBe(true);
  });
});

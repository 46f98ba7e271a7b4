import { ensureTopics } from "@danvan/infra/kafka";
import { Kafka, logLevel } from "kafkajs";
import type { TestScope } from "./scope.ts";

export interface TestTopicRequest {
  name: string;
  partitions?: number;
}

export interface TestTopics {
  /** The real, prefixed name of a requested topic. */
  name(requested: string): string;
  all: string[];
  /** Deletes the file's topics; call in afterAll. */
  dispose(): Promise<void>;
}

/**
 * Creates the file's own copies of topics under its prefix. The broker does not create topics by
 * itself (as in production), so a test that produces to a topic must create it first.
 */
export async function createTestTopics(
  scope: TestScope,
  requests: readonly (string | TestTopicRequest)[],
): Promise<TestTopics> {
  const specs = requests.map((r) => {
    const request = typeof r === "string" ? { name: r } : r;
    return {
      name: request.name,
      partitions: request.partitions ?? 3,
      retention: "forever" as const,
      description: "test topic",
    };
  });
  await ensureTopics(scope.kafkaBrokers, specs, { prefix: scope.topicPrefix });
  const names = new Map(specs.map((s) => [s.name, `${scope.topicPrefix}.${s.name}`]));
  return {
    all: [...names.values()],
    name(requested) {
      const name = names.get(requested);
      if (name === undefined) throw new Error(`topic "${requested}" was not created for this file`);
      return name;
    },
    async dispose() {
      const admin = new Kafka({
        clientId: "danvan-test-topics",
        brokers: scope.kafkaBrokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        // Idempotent: another owner in the same file may have deleted some already.
        const existing = new Set(await admin.listTopics());
        const topics = [...names.values()].filter((name) => existing.has(name));
        if (topics.length > 0) await admin.deleteTopics({ topics });
      } finally {
        await admin.disconnect();
      }
    },
  };
}

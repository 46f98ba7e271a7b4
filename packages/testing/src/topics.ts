import { createKafkaClient, deleteTopics, ensureTopics } from "@danvan/platform/messaging";
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
  const kafka = createKafkaClient({
    clientId: "danvan-test-topics",
    brokers: scope.kafkaBrokers,
    topicPrefix: scope.topicPrefix,
  });
  await ensureTopics(kafka, specs);
  const names = new Map(specs.map((s) => [s.name, kafka.qualify(s.name)]));
  return {
    all: [...names.values()],
    name(requested) {
      const name = names.get(requested);
      if (name === undefined) throw new Error(`topic "${requested}" was not created for this file`);
      return name;
    },
    async dispose() {
      // Idempotent: another owner in the same file may have deleted some already.
      await deleteTopics(kafka, [...names.keys()]);
    },
  };
}

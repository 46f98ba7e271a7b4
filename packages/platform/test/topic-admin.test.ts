import {
  createKafkaClient,
  deleteTopics,
  ensureTopics,
  retentionConfig,
} from "@danvan/platform/messaging";
import { testScope } from "@danvan/testing";
import { afterAll, describe, expect, it } from "vitest";

const scope = testScope("topics");
const kafka = createKafkaClient({ clientId: "topics-test", brokers: scope.kafkaBrokers });
/** Provisions under the file's prefix, as services' clients do. */
const provisioning = createKafkaClient({
  clientId: "topics-test",
  brokers: scope.kafkaBrokers,
  topicPrefix: scope.topicPrefix,
});
const name = `${scope.topicPrefix}.provisioned.events`;

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [name] }).catch(() => {});
  await admin.disconnect();
});

async function describeTopic() {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [name] });
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name }],
    });
    const entries = configs.resources[0]?.configEntries ?? [];
    return {
      partitions: metadata.topics[0]?.partitions.length,
      retentionMs: entries.find((e) => e.configName === "retention.ms")?.configValue,
    };
  } finally {
    await admin.disconnect();
  }
}

describe("topic provisioning against the real broker", () => {
  const spec = {
    name: "provisioned.events",
    partitions: 2,
    retention: "forever" as const,
    description: "d",
  };

  it("creates a declared topic that keeps events forever", async () => {
    const result = await ensureTopics(provisioning, [spec]);
    expect(result.created).toEqual([name]);
    expect(await describeTopic()).toEqual({ partitions: 2, retentionMs: "-1" });
  });

  it("is idempotent", async () => {
    const result = await ensureTopics(provisioning, [spec]);
    expect(result).toEqual({ created: [], grown: [], reconfigured: [], unchanged: [name] });
  });

  it("raises the partition count and applies a changed retention", async () => {
    const changed = { ...spec, partitions: 4, retention: "7d" as const };
    const result = await ensureTopics(provisioning, [changed]);
    expect(result.grown).toEqual([name]);
    expect(result.reconfigured).toEqual([name]);
    expect(await describeTopic()).toEqual({
      partitions: 4,
      retentionMs: String(7 * 24 * 60 * 60 * 1000),
    });
  });

  it("deletes a topic by its declared name under the client's prefix, and once only", async () => {
    expect(await deleteTopics(provisioning, [spec.name, "never.created"])).toEqual([name]);
    expect(await deleteTopics(provisioning, [spec.name])).toEqual([]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).not.toContain(name);
    } finally {
      await admin.disconnect();
    }
  });

  it("maps retention declarations to Kafka settings", () => {
    expect(retentionConfig("forever")).toEqual({ "retention.ms": "-1", "retention.bytes": "-1" });
    expect(retentionConfig("30d")["retention.ms"]).toBe("2592000000");
  });
});

import { setTimeout as sleep } from "node:timers/promises";
import type { TopicSpec } from "@danvan/contracts";
import type { Admin } from "kafkajs";
import type { KafkaClient } from "./kafka.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Kafka topic configuration for a declared retention. */
export function retentionConfig(retention: TopicSpec["retention"]): Record<string, string> {
  if (retention === "forever") return { "retention.ms": "-1", "retention.bytes": "-1" };
  return {
    "retention.ms": String(Number.parseInt(retention, 10) * DAY_MS),
    "retention.bytes": "-1",
  };
}

export interface EnsureTopicsOptions {
  /** Replication factor for new topics; the broker default when omitted. */
  replicationFactor?: number;
  log?: (line: string) => void;
}

export interface EnsureTopicsResult {
  created: string[];
  grown: string[];
  reconfigured: string[];
  unchanged: string[];
}

/**
 * Topics as data made real (docs/architecture.md §4): provisioning, the local infrastructure and test
 * runs create, grow, reconfigure and delete topics through these, on the platform's Kafka client.
 */

/**
 * Makes the broker match the declared topics (under the client's topic prefix): creates missing ones, raises partition counts and
 * applies retention. Idempotent; never deletes a topic or lowers a partition count (Kafka cannot).
 */
export async function ensureTopics(
  kafka: KafkaClient,
  specs: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const log = options.log ?? (() => {});
  const named = specs.map((spec) => ({
    ...spec,
    name: kafka.qualify(spec.name),
  }));
  return withAdmin(kafka, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const result: EnsureTopicsResult = { created: [], grown: [], reconfigured: [], unchanged: [] };

    const missing = named.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        // Waited for below: kafkajs's own wait gives up on a broker that has just started and
        // answers "does not host this topic-partition" for a moment.
        waitForLeaders: false,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: options.replicationFactor ?? -1,
          configEntries: Object.entries(retentionConfig(t.retention)).map(([name, value]) => ({
            name,
            value,
          })),
        })),
      });
      await waitForLeaders(
        admin,
        missing.map((t) => t.name),
      );
      for (const t of missing) {
        result.created.push(t.name);
        log(`created ${t.name} (${t.partitions} partitions, retention ${t.retention})`);
      }
    }

    const present = named.filter((t) => existing.has(t.name));
    if (present.length === 0) return result;

    const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
    const partitionCounts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
    const toGrow = present.filter((t) => (partitionCounts.get(t.name) ?? 0) < t.partitions);
    if (toGrow.length > 0) {
      await admin.createPartitions({
        topicPartitions: toGrow.map((t) => ({ topic: t.name, count: t.partitions })),
      });
      await waitForLeaders(
        admin,
        toGrow.map((t) => t.name),
        new Map(toGrow.map((t) => [t.name, t.partitions])),
      );
      for (const t of toGrow) {
        result.grown.push(t.name);
        log(`grew ${t.name} to ${t.partitions} partitions`);
      }
    }
    for (const t of present) {
      const actual = partitionCounts.get(t.name) ?? 0;
      if (actual > t.partitions) {
        log(`warning: ${t.name} has ${actual} partitions, more than the ${t.partitions} declared`);
      }
    }

    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((t) => ({ type: RESOURCE_TYPE_TOPIC, name: t.name })),
    });
    const actualConfig = new Map(
      configs.resources.map((r) => [
        r.resourceName,
        new Map(r.configEntries.map((e) => [e.configName, e.configValue])),
      ]),
    );
    for (const t of present) {
      const wanted = retentionConfig(t.retention);
      const actual = actualConfig.get(t.name);
      const differs = Object.entries(wanted).some(([k, v]) => actual?.get(k) !== v);
      if (!differs) {
        if (!result.grown.includes(t.name)) result.unchanged.push(t.name);
        continue;
      }
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: RESOURCE_TYPE_TOPIC,
            name: t.name,
            configEntries: Object.entries(wanted).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      await waitForConfig(admin, t.name, wanted);
      result.reconfigured.push(t.name);
      log(`set retention of ${t.name} to ${t.retention}`);
    }
    return result;
  });
}

/**
 * Deletes every topic whose broker name begins with `prefix` (a raw prefix: the client's own
 * topic prefix is not added): the throwaway topics of a test run or a
 * benchmark (`<prefix>.dialogues.petition.events`, …). Refuses an empty prefix, which would mean
 * every topic. Returns the names deleted.
 */
export async function deleteTopicsByPrefix(kafka: KafkaClient, prefix: string): Promise<string[]> {
  if (prefix === "")
    throw new Error("deleteTopicsByPrefix needs a prefix: it would delete every topic");
  return withAdmin(kafka, async (admin) => {
    const topics = (await admin.listTopics()).filter((name) => name.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    return topics;
  });
}

/**
 * Deletes those of the named topics that exist (another owner may have deleted some already),
 * under the client's topic prefix as `ensureTopics` creates them.
 */
export async function deleteTopics(
  kafka: KafkaClient,
  names: readonly string[],
): Promise<string[]> {
  return withAdmin(kafka, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const topics = names.map((name) => kafka.qualify(name)).filter((name) => existing.has(name));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    return topics;
  });
}

/**
 * Whether the cluster answers metadata requests with a controller elected: what "Kafka is up"
 * means to the local infrastructure's start-up and status. Throws when it is not.
 */
export async function brokerIsReady(kafka: KafkaClient): Promise<void> {
  await withAdmin(kafka, async (admin) => {
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0 || cluster.controller === null) {
      throw new Error("no controller elected yet");
    }
  });
}

/** Runs `work` with an admin client of the cluster, disconnected afterwards. */
async function withAdmin<T>(kafka: KafkaClient, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Each partition's offsets of a topic, as kafkajs's `fetchTopicOffsets`, asked again for up to
 * 10 s while the broker answers with a retriable error (a partition whose leader is being
 * elected or loaded — right after its topic was made, or after a broker restart).
 */
export async function fetchTopicOffsets(
  admin: Pick<Admin, "fetchTopicOffsets">,
  topic: string,
): ReturnType<Admin["fetchTopicOffsets"]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

/** Until the topics have (at least) their partitions, each with a leader, or 60 s. */
async function waitForLeaders(
  admin: Admin,
  topics: string[],
  partitions = new Map<string, number>(),
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.topics.every(
        (t) =>
          t.partitions.length >= (partitions.get(t.name) ?? 1) &&
          t.partitions.every((p) => p.leader >= 0),
      );
      if (ready) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`no leaders for ${topics.join(", ")} after 60 s`);
    await sleep(200);
  }
}

/** KRaft applies a config change asynchronously: return only once the broker reports it. */
async function waitForConfig(admin: Admin, topic: string, wanted: Record<string, string>) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: RESOURCE_TYPE_TOPIC, name: topic }],
    });
    const actual = new Map(
      (described.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]),
    );
    if (Object.entries(wanted).every(([k, v]) => actual.get(k) === v)) return;
    if (Date.now() > deadline) throw new Error(`${topic}: configuration not applied after 30 s`);
    await sleep(100);
  }
}

// kafkajs's ConfigResourceTypes.TOPIC; its enum export does not survive ESM interop.
const RESOURCE_TYPE_TOPIC = 2;

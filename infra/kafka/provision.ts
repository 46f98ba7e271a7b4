/**
 * The provisioning step (docs/architecture.md §4): makes a broker's topics match the contract's one
 * topic list. Ops run it before deploying a service whose contract added a topic; docker compose
 * runs it before the services start. Idempotent: it creates, grows and reconfigures, never deletes.
 *
 *   KAFKA_BROKERS=host:9092[,…] [KAFKA_REPLICATION_FACTOR=3] [TOPIC_PREFIX=…] \
 *     node infra/dist/kafka/provision.js
 */
import { allTopics } from "@danvan/contracts";
import { parseCommandLine } from "@danvan/platform/cli";
import { createKafkaClient, ensureTopics } from "@danvan/platform/messaging";

parseCommandLine({
  usage: "npm run topics:provision   (or: node infra/dist/kafka/provision.js)",
  summary:
    "Makes a Kafka cluster's topics match the contract's topic list: creates missing topics, " +
    "raises partition counts and sets retention. Never deletes a topic; running it again " +
    "changes nothing.",
  environment: {
    KAFKA_BROKERS: "host:port,… of the cluster (required)",
    KAFKA_REPLICATION_FACTOR: "replication factor of new topics (the broker's default without)",
    TOPIC_PREFIX: "a prefix for every topic name (tests); none in production",
  },
});

function settings(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const brokers = (env.KAFKA_BROKERS ?? "")
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0 || !brokers.every((b) => /^[\w.-]+:\d+$/.test(b))) {
    problems.push("KAFKA_BROKERS: comma-separated host:port list required");
  }
  const factor = env.KAFKA_REPLICATION_FACTOR;
  if (factor !== undefined && !/^[1-9]\d?$/.test(factor)) {
    problems.push("KAFKA_REPLICATION_FACTOR: a whole number from 1 to 99");
  }
  const prefix = env.TOPIC_PREFIX?.trim() || undefined;
  return { problems, brokers, replicationFactor: factor ? Number(factor) : undefined, prefix };
}

const config = settings(process.env);
if (config.problems.length > 0) {
  process.stderr.write(`provision: invalid configuration\n  ${config.problems.join("\n  ")}\n`);
  process.exit(2);
}
try {
  const kafka = createKafkaClient({
    clientId: "danvan-provisioning",
    brokers: config.brokers,
    ...(config.prefix ? { topicPrefix: config.prefix } : {}),
  });
  const result = await ensureTopics(kafka, allTopics(), {
    ...(config.replicationFactor ? { replicationFactor: config.replicationFactor } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `topics: ${result.created.length} created, ${result.grown.length} grown, ` +
      `${result.reconfigured.length} reconfigured, ${result.unchanged.length} unchanged\n`,
  );
} catch (error) {
  process.stderr.write(`provision: ${(error as Error).message}\n`);
  process.exit(1);
}

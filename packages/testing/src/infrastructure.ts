import { dockerEngineAnswers, up } from "@danvan/infra/local";

export type InfrastructureSource = "environment" | "testcontainers" | "infra/local";

export interface Infrastructure {
  source: InfrastructureSource;
  kafkaBrokers: string[];
  mongoUrl: string;
  /** Stops what this call started and is ours to stop. */
  stop(): Promise<void>;
}

type Log = (line: string) => void;

/** Brokers as given in KAFKA_BROKERS: comma-separated host:port pairs. */
export function parseBrokers(value: string): string[] {
  const brokers = value
    .split(",")
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  const bad = brokers.filter((b) => !/^[^\s:]+:\d{1,5}$/.test(b));
  if (brokers.length === 0 || bad.length > 0) {
    throw new Error(`KAFKA_BROKERS must be host:port[,host:port…], got "${value}"`);
  }
  return brokers;
}

/**
 * Real Kafka and a real MongoDB-compatible database for a test run, from the first that applies:
 * KAFKA_BROKERS and MONGO_URL when both are set; testcontainers when a Docker engine answers;
 * otherwise infra/local (a Kafka broker and FerretDB run as local processes).
 */
export async function startInfrastructure(
  env: NodeJS.ProcessEnv = process.env,
  log: Log = (line) => process.stderr.write(`${line}\n`),
): Promise<Infrastructure> {
  const { KAFKA_BROKERS: brokers, MONGO_URL: mongoUrl } = env;
  if (brokers || mongoUrl) {
    if (!brokers || !mongoUrl) {
      throw new Error("set both KAFKA_BROKERS and MONGO_URL, or neither to start infrastructure");
    }
    return {
      source: "environment",
      kafkaBrokers: parseBrokers(brokers),
      mongoUrl,
      stop: async () => {},
    };
  }
  if (await dockerEngineAnswers()) return startContainers(log);

  const result = await up({ progress: log });
  if (result.started.length > 0) {
    log(
      `Started ${result.started.join(" and ")} for tests; left running for the next run ` +
        "(stop with infra/local/down).",
    );
  }
  // Left running: other test processes of this run (turbo runs one per workspace) share it.
  return { source: "infra/local", ...result.endpoints, stop: async () => {} };
}

async function startContainers(log: Log): Promise<Infrastructure> {
  // Loaded only here: most runs without Docker never pay for importing testcontainers.
  const { KafkaContainer } = await import("@testcontainers/kafka");
  const { MongoDBContainer } = await import("@testcontainers/mongodb");
  log("• Starting Kafka and MongoDB with testcontainers…");
  const [kafka, mongo] = await Promise.all([
    // cp-kafka 7.9 is Apache Kafka 3.9, the line infra/local runs.
    new KafkaContainer("confluentinc/cp-kafka:7.9.2")
      .withKraft()
      .withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false" })
      .start(),
    new MongoDBContainer("mongo:7").start(),
  ]);
  return {
    source: "testcontainers",
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    mongoUrl: `${mongo.getConnectionString()}/?directConnection=true`,
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}

import { createKafkaClient, deleteTopicsByPrefix } from "@danvan/platform/messaging";
import mongoose from "mongoose";

/**
 * Drops the databases and deletes the topics whose names begin with a run's prefix: whatever its
 * test files left behind (a file that starts several replicas of a service need not track which
 * closes last). On the developer's long-lived local infrastructure they would otherwise pile up
 * run after run. Returns how many of each it removed.
 */
export async function sweepRun(
  infrastructure: { kafkaBrokers: string[]; mongoUrl: string },
  runPrefix: string,
): Promise<{ databases: number; topics: number }> {
  const ours = (name: string) => name.startsWith(`${runPrefix}_`);

  const connection = mongoose.createConnection(infrastructure.mongoUrl, {
    serverSelectionTimeoutMS: 10_000,
  });
  let databases: string[];
  try {
    await connection.asPromise();
    const client = connection.getClient();
    const listed = await client.db("admin").admin().listDatabases({ nameOnly: true });
    databases = listed.databases.map((d) => d.name).filter(ours);
    for (const name of databases) await client.db(name).dropDatabase();
  } finally {
    await connection.close();
  }

  const kafka = createKafkaClient({
    clientId: "danvan-sweep",
    brokers: infrastructure.kafkaBrokers,
  });
  const topics = await deleteTopicsByPrefix(kafka, `${runPrefix}_`);
  return { databases: databases.length, topics: topics.length };
}

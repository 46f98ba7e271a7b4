import { createKafkaClient, deleteTopicsByPrefix, ensureTopics } from "@danvan/platform/messaging";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newRunPrefix } from "../src/scope.ts";
import { sweepRun } from "../src/sweep.ts";

// What a run's teardown removes: its scopes' databases and topics, and nobody else's.
const infrastructure = { kafkaBrokers: inject("kafkaBrokers"), mongoUrl: inject("mongoUrl") };
const swept = newRunPrefix();
const kept = newRunPrefix();
let client: mongoose.mongo.MongoClient;
let connection: mongoose.Connection;

beforeAll(async () => {
  connection = await mongoose.createConnection(infrastructure.mongoUrl).asPromise();
  client = connection.getClient();
});
afterAll(async () => {
  await sweepRun(infrastructure, kept);
  await connection.close();
});

const databases = async () =>
  (await client.db("admin").admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);
const kafka = createKafkaClient({ clientId: "sweep-test", brokers: infrastructure.kafkaBrokers });
const prefixed = (topicPrefix: string) =>
  createKafkaClient({ clientId: "sweep-test", brokers: infrastructure.kafkaBrokers, topicPrefix });
const topics = async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
};

describe("a run's sweep", () => {
  it("drops the databases and deletes the topics under its prefix, and only those", async () => {
    for (const name of [
      `${swept}_notes_0a1b`,
      `${swept}_routing_2c3d_dialogues`,
      `${kept}_notes_4e5f`,
    ]) {
      await client.db(name).collection("notes").insertOne({ text: "left behind" });
    }
    const spec = {
      name: "notes.events",
      partitions: 1,
      retention: "forever" as const,
      description: "d",
    };
    await ensureTopics(prefixed(`${swept}_notes_0a1b`), [spec]);
    await ensureTopics(prefixed(`${kept}_notes_4e5f`), [spec]);

    expect(await sweepRun(infrastructure, swept)).toEqual({ databases: 2, topics: 1 });
    const left = await databases();
    expect(left.filter((name) => name.startsWith(swept))).toEqual([]);
    expect(left).toContain(`${kept}_notes_4e5f`);
    const leftTopics = await topics();
    expect(leftTopics.filter((name) => name.startsWith(swept))).toEqual([]);
    expect(leftTopics).toContain(`${kept}_notes_4e5f.notes.events`);
  });

  it("refuses to delete topics without a prefix", async () => {
    await expect(deleteTopicsByPrefix(kafka, "")).rejects.toThrow(/needs a prefix/);
  });
});

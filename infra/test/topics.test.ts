import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadTopicList, topicListSchema } from "../kafka/topics.ts";

const valid = {
  name: "dialogues.petition.events",
  partitions: 6,
  retention: "forever",
  description: "d",
};

describe("the declared topic list", () => {
  it("is valid, and every domain topic keeps its events forever", async () => {
    const topics = await loadTopicList();
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics.filter((t) => t.name.endsWith(".events"))) {
      expect(topic.retention, topic.name).toBe("forever");
      expect(topic.name).toMatch(/^[a-z]+\.[a-z-]+\.events$/);
    }
  });

  it("is read from infra/kafka/topics.json", async () => {
    const raw = JSON.parse(
      await readFile(new URL("../kafka/topics.json", import.meta.url), "utf8"),
    ) as { topics: { name: string }[] };
    expect((await loadTopicList()).map((t) => t.name)).toEqual(raw.topics.map((t) => t.name));
  });

  it("rejects duplicates, bad names, bad retention and unknown keys", () => {
    const parse = (topics: unknown[]) => topicListSchema.safeParse({ topics }).success;
    expect(parse([valid])).toBe(true);
    expect(parse([valid, valid])).toBe(false);
    expect(parse([{ ...valid, name: "Dialogues.Petition" }])).toBe(false);
    expect(parse([{ ...valid, retention: "7 days" }])).toBe(false);
    expect(parse([{ ...valid, retention: "0d" }])).toBe(false);
    expect(parse([{ ...valid, partitions: 0 }])).toBe(false);
    expect(parse([{ ...valid, replicas: 3 }])).toBe(false);
  });
});

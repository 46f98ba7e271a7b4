import { fetchTopicOffsets } from "@danvan/platform/messaging";
import { describe, expect, it } from "vitest";

// The retry around kafkajs's offset request (what it does with the broker is kafkajs's, tested
// on real Kafka wherever offsets are read): a retriable refusal is asked again, others are not.
const offsets = [{ partition: 0, offset: "3", high: "3", low: "0" }];

describe("fetchTopicOffsets", () => {
  it("asks again while the broker's refusal is retriable, such as a leader being elected", async () => {
    let calls = 0;
    const admin = {
      fetchTopicOffsets: async () => {
        calls += 1;
        if (calls < 3) {
          throw Object.assign(new Error("This server is not the leader for that topic-partition"), {
            retriable: true,
          });
        }
        return offsets;
      },
    };
    expect(await fetchTopicOffsets(admin, "t")).toEqual(offsets);
    expect(calls).toBe(3);
  });

  it("gives up at once on an error that is not retriable", async () => {
    let calls = 0;
    const admin = {
      fetchTopicOffsets: async () => {
        calls += 1;
        throw Object.assign(new Error("This server does not host this topic-partition"), {
          retriable: false,
        });
      },
    };
    await expect(fetchTopicOffsets(admin, "t")).rejects.toThrow("does not host");
    expect(calls).toBe(1);
  });
});

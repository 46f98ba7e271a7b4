import { describe, expect, it } from "vitest";
import { emptyFigures, fieldKey, presentFigures } from "../../src/projection/figures.ts";
import { parsePeriod } from "../../src/projection/periods.ts";

const period = parsePeriod("2026") ?? (undefined as never);

/** A stored figures document whose topics were first counted in the given order. */
function storedWithTopics(counts: [string, number][]) {
  const doc = emptyFigures("00004", period, new Date("2026-11-22T00:00:00.000Z"));
  for (const [topic, n] of counts) doc.petitions.byTopic[fieldKey(topic)] = n;
  return doc;
}

describe("presented figures", () => {
  it("list topics most frequent first, then by name, whatever order they were stored in", () => {
    const topics: [string, number][] = [
      ["môi trường", 2],
      ["đất đai", 5],
      ["an ninh trật tự", 2],
      ["giao thông", 0],
      ["chế độ chính sách. BHXH", 1],
    ];
    const expected = [
      ["đất đai", 5],
      ["an ninh trật tự", 2],
      ["môi trường", 2],
      ["chế độ chính sách. BHXH", 1],
    ];
    expect(Object.entries(presentFigures(storedWithTopics(topics)).petitions.byTopic)).toEqual(
      expected,
    );
    expect(
      Object.entries(presentFigures(storedWithTopics(topics.toReversed())).petitions.byTopic),
    ).toEqual(expected);
  });
});

import { describe, expect, it } from "vitest";
import { allEvents, petitionEventNames } from "../src/index.ts";

describe("the petition vocabulary", () => {
  it("names every petition event in Vietnamese and English, and nothing else", () => {
    const verbs = allEvents
      .map((event) => /^vn\.danvan\.dialogues\.petition\.([a-z-]+)\.v\d+$/.exec(event.type)?.[1])
      .filter((verb): verb is string => verb !== undefined);
    expect(new Set(Object.keys(petitionEventNames))).toEqual(new Set(verbs));
    for (const name of Object.values(petitionEventNames)) {
      expect(name.vi.length).toBeGreaterThan(0);
      expect(name.en.length).toBeGreaterThan(0);
    }
  });
});

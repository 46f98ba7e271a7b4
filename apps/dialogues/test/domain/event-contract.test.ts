import { petitionEvents } from "@danvan/contracts";
import { describe, expect, it } from "vitest";
import { petitionEventNames } from "../../src/domain/petition/index.ts";

describe("the domain's facts and the published contract", () => {
  it("have a contract event for every fact and no event without a fact", () => {
    expect(Object.keys(petitionEvents).sort()).toEqual([...petitionEventNames].sort());
  });
});

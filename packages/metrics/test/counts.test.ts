import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PetitionFacts } from "../src/index.ts";
import {
  addCounts,
  countsOf,
  emptyCounts,
  metricsFromCounts,
  petitionMetrics,
} from "../src/index.ts";

const calendar = createCalendar(defaultHolidayTable);
const statuses = [
  "received",
  "classified",
  "assigned",
  "in_progress",
  "reopened",
  "answered",
  "resolved",
  "closed_unresolved",
  "rejected",
];

/** Random petitions of 2026, answered or not, rated or not, overdue or not. */
const petition: fc.Arbitrary<PetitionFacts> = fc
  .record({
    source: fc.constantFrom("dialogue", "hotline", "portal"),
    status: fc.constantFrom(...statuses),
    receivedDay: fc.integer({ min: 0, max: 300 }),
    answerAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    onTime: fc.boolean(),
    overdue: fc.boolean(),
    reopenCount: fc.integer({ min: 0, max: 2 }),
    rating: fc.option(
      fc.record({ score: fc.integer({ min: 1, max: 5 }), resolved: fc.boolean() }),
      {
        nil: undefined,
      },
    ),
  })
  .map((r) => {
    const received = Date.UTC(2026, 0, 1, 2) + r.receivedDay * 86_400_000;
    return {
      source: r.source,
      status: r.status,
      receivedAt: new Date(received).toISOString(),
      ...(r.answerAfter !== undefined
        ? {
            answeredAt: new Date(received + r.answerAfter * 86_400_000).toISOString(),
            answeredOnTime: r.onTime,
          }
        : {}),
      overdue: r.overdue,
      reopenCount: r.reopenCount,
      ...(r.rating ? { rating: r.rating } : {}),
    };
  });

const sum = (list: PetitionFacts[]) =>
  list.reduce((total, p) => addCounts(total, countsOf(p, calendar)), emptyCounts());

describe("petition counts", () => {
  it("give the same metrics as the petitions themselves, the median included", () => {
    fc.assert(
      fc.property(fc.array(petition, { maxLength: 40 }), (list) => {
        expect(metricsFromCounts(sum(list))).toEqual(petitionMetrics(list, calendar));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("follow a petition's change by its counts after minus its counts before", () => {
    fc.assert(
      fc.property(
        fc.array(petition, { minLength: 1, maxLength: 20 }),
        petition,
        (list, changed) => {
          const [first, ...rest] = list as [PetitionFacts, ...PetitionFacts[]];
          const before = sum(list);
          const after = addCounts(
            addCounts(before, countsOf(changed, calendar)),
            countsOf(first, calendar),
            -1,
          );
          expect(metricsFromCounts(after)).toEqual(petitionMetrics([changed, ...rest], calendar));
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });
});

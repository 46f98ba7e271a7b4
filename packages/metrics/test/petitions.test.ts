import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PetitionFacts } from "../src/index.ts";
import { petitionMetrics, petitionMetricsByChannel, ratio } from "../src/index.ts";

const calendar = createCalendar(defaultHolidayTable);
const base: PetitionFacts = {
  source: "dialogue",
  status: "received",
  receivedAt: "2026-03-02T02:00:00Z",
  overdue: false,
  reopenCount: 0,
};
const answered = (
  days: string,
  onTime: boolean,
  extra: Partial<PetitionFacts> = {},
): PetitionFacts => ({
  ...base,
  status: "answered",
  answeredAt: `2026-03-${days}T04:00:00Z`,
  answeredOnTime: onTime,
  ...extra,
});

describe("petition metrics", () => {
  it("count open overdue petitions against the on-time rate", () => {
    const petitions = [
      answered("05", true),
      answered("10", true),
      answered("25", false),
      { ...base, status: "in_progress", overdue: true },
      { ...base, status: "assigned" },
    ];
    const metrics = petitionMetrics(petitions, calendar);
    expect(metrics).toMatchObject({ received: 5, answered: 3, backlog: 2, overdue: 1 });
    // 2 on time / (3 answered + 1 open and overdue) = 50 %, not 2/3.
    expect(metrics.onTimeRate).toEqual({ numerator: 2, denominator: 4, basisPoints: 5000 });
  });

  it("take the median of working days to answer, skipping weekends", () => {
    // Received Monday 2 March; answered Thu 5 (3 working days), Tue 10 (6), Wed 25 (17).
    expect(
      petitionMetrics([answered("05", true), answered("10", true), answered("25", false)], calendar)
        .medianWorkingDaysToAnswer,
    ).toBe(6);
    expect(
      petitionMetrics([answered("05", true), answered("10", true)], calendar)
        .medianWorkingDaysToAnswer,
    ).toBe(5);
    expect(petitionMetrics([base], calendar).medianWorkingDaysToAnswer).toBeNull();
  });

  it("rate reopening and satisfaction", () => {
    const metrics = petitionMetrics(
      [
        answered("05", true, { reopenCount: 1, rating: { score: 2, resolved: false } }),
        answered("06", true, { status: "resolved", rating: { score: 5, resolved: true } }),
        answered("09", true, { rating: { score: 4, resolved: true } }),
      ],
      calendar,
    );
    expect(metrics.reopenRate).toEqual({ numerator: 1, denominator: 3, basisPoints: 3333 });
    expect(metrics.satisfaction).toEqual({ numerator: 2, denominator: 3, basisPoints: 6667 });
    expect(metrics.resolved).toBe(1);
  });

  it("keep per-channel subtotals that add up to the total", () => {
    const petitions = [
      answered("05", true),
      { ...answered("06", false), source: "hotline" },
      { ...base, source: "portal" },
    ];
    const { total, byChannel } = petitionMetricsByChannel(petitions, calendar);
    expect(Object.keys(byChannel)).toEqual(["dialogue", "hotline", "portal"]);
    expect(Object.values(byChannel).reduce((n, m) => n + m.received, 0)).toBe(total.received);
    expect(byChannel.hotline?.onTimeRate.basisPoints).toBe(0);
  });

  it("are empty-safe: no petitions, no division", () => {
    expect(petitionMetrics([], calendar)).toMatchObject({
      received: 0,
      onTimeRate: { basisPoints: null },
      satisfaction: { basisPoints: null },
    });
  });
});

describe("ratios", () => {
  it("round basis points half up, in integers", () => {
    expect(ratio(1, 3).basisPoints).toBe(3333);
    expect(ratio(2, 3).basisPoints).toBe(6667);
    expect(ratio(1, 8).basisPoints).toBe(1250);
    expect(ratio(0, 0).basisPoints).toBeNull();
    expect(() => ratio(3, 2)).toThrow(RangeError);
    expect(() => ratio(0.5, 2)).toThrow(RangeError);
  });

  it("stay within 0…10000 and agree with exact arithmetic (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (d, n) => {
          const numerator = n % (d + 1);
          const { basisPoints } = ratio(numerator, d);
          const exact = (numerator * 10000) / d;
          expect(basisPoints).toBeGreaterThanOrEqual(0);
          expect(basisPoints).toBeLessThanOrEqual(10000);
          expect(Math.abs((basisPoints as number) - exact)).toBeLessThanOrEqual(0.5);
        },
      ),
      { seed: 20261121, numRuns: 500 },
    );
  });
});

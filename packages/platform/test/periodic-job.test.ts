import { createPeriodicJob } from "@danvan/platform/jobs";
import { createLogger } from "@danvan/platform/log";
import { afterEach, describe, expect, it, vi } from "vitest";

const logger = createLogger({ service: "periodic-job-test", level: "silent" });

describe("a periodic job", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps one schedule when started again while its stop waits for the run in progress", async () => {
    vi.useFakeTimers();
    let release = () => {};
    let runs = 0;
    const job = createPeriodicJob({
      name: "sweep",
      intervalMs: 60_000,
      logger,
      run: () => {
        runs++;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });

    job.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    const stopping = job.stop();
    job.start();
    release();
    await stopping;
    await vi.advanceTimersByTimeAsync(0);
    // The second start's first run is under way; the first start's run scheduled nothing.
    expect(runs).toBe(2);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(3);
    release();
    await job.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

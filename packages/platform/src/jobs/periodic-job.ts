import type { Logger } from "../log/index.ts";
import type { ServicePart } from "../service/parts.ts";

export interface PeriodicJob<Result> extends ServicePart {
  /**
   * One run now, after the one in progress if any (runs never overlap): what it did. Tests and
   * operators call it instead of waiting for the interval.
   */
  runNow(): Promise<Result>;
}

/**
 * Periodic work of a service (deadline sweeps, monthly checks): a first run at start, then one
 * every `intervalMs` after the previous ended. A failed run is logged and the next one comes at
 * its time; stopping waits for the run in progress. Every replica runs its jobs: `run` must be
 * safe beside another replica's (version-guarded writes, creations that happen once).
 */
export function createPeriodicJob<Result>(options: {
  name: string;
  intervalMs: number;
  run: () => Promise<Result>;
  logger: Logger;
}): PeriodicJob<Result> {
  const { logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  /** Counts starts: a tick of an earlier start (stopped, then started again) schedules nothing. */
  let generation = 0;
  let current: Promise<unknown> = Promise.resolve();

  const runNow = () => {
    const next = current.then(options.run, options.run);
    current = next.catch(() => {});
    return next;
  };

  const tick = (started: number) => {
    runNow()
      .catch((error: unknown) => logger.error({ err: error, job: options.name }, "job run failed"))
      .finally(() => {
        if (running && started === generation) {
          timer = setTimeout(() => tick(started), options.intervalMs);
        }
      });
  };

  return {
    name: options.name,
    start() {
      if (running) return;
      running = true;
      const started = ++generation;
      timer = setTimeout(() => tick(started), 0);
    },
    runNow,
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current;
    },
  };
}

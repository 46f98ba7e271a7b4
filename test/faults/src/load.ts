import type { Outcome } from "./services.ts";

/**
 * Keeps `workers` requests in flight, each worker sending its next as soon as the last is
 * answered, until `until()` says stop or `total` were sent: the outcomes in the order sent.
 */
export async function runLoad(options: {
  workers: number;
  total?: number;
  until?: () => boolean;
  send: (n: number) => Promise<Omit<Outcome, "at">>;
}): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const started = performance.now();
  let next = 0;
  const more = () =>
    (options.total === undefined || next < options.total) && !(options.until?.() ?? false);
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      while (more()) {
        const n = next++;
        const at = performance.now() - started;
        outcomes.push({ ...(await options.send(n)), at });
      }
    }),
  );
  return outcomes.sort((a, b) => a.at - b.at);
}

export const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** How many outcomes had each status: `{ "201": 950, "503": 50 }`. */
export const byStatus = (outcomes: Outcome[]) =>
  Object.fromEntries(
    [...Map.groupBy(outcomes, (o) => String(o.status))].map(([status, list]) => [
      status,
      list.length,
    ]),
  );

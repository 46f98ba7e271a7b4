/**
 * At most `limit` attempts per `windowMs` per key (a client address), counted in this process.
 * Several replicas each count their own share; the per-account lockout, kept in the database,
 * is what bounds guessing across replicas.
 */
export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  const attempts = new Map<string, number[]>();
  return {
    /** Counts an attempt: 0 when allowed, else the seconds until the next one would be. */
    take(key: string): number {
      const t = now();
      const recent = (attempts.get(key) ?? []).filter((at) => at > t - options.windowMs);
      if (recent.length >= options.limit) {
        attempts.set(key, recent);
        return Math.max(1, Math.ceil(((recent[0] ?? t) + options.windowMs - t) / 1000));
      }
      recent.push(t);
      attempts.set(key, recent);
      if (attempts.size > 50_000) {
        for (const [k, times] of attempts) {
          if ((times.at(-1) ?? 0) <= t - options.windowMs) attempts.delete(k);
        }
      }
      return 0;
    },
  };
}

/**
 * The gateway's one way of limiting a rate (API requests, logins, password changes): tokens that
 * refill at `perSecond` up to `burst`, per key (a client address, a user), so a key may spend a
 * burst at once, then keep to the rate. Counted in this process: several replicas each count
 * their own share; the per-account lockout, kept in the database, is what bounds password
 * guessing across them. Idle full buckets are forgotten.
 */
export function createTokenBuckets(options: {
  perSecond: number;
  burst: number;
  now?: () => number;
}) {
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes a token: 0 when there was one, else the seconds until there will be. */
    take(key: string): number {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: t };
      bucket.tokens = Math.min(
        options.burst,
        bucket.tokens + ((t - bucket.at) / 1000) * options.perSecond,
      );
      bucket.at = t;
      buckets.set(key, bucket);
      if (buckets.size > 50_000) {
        for (const [k, b] of buckets) {
          if (b.tokens + ((t - b.at) / 1000) * options.perSecond >= options.burst)
            buckets.delete(k);
        }
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / options.perSecond));
    },
  };
}

import { problems } from "@danvan/platform/http";
import type { RequestHandler } from "express";
import { decodeJwt } from "jose";

/**
 * Tokens that refill at `perSecond` up to `burst`, per key, counted in this process: a key may
 * spend a burst at once, then keep to the rate. Idle full buckets are forgotten.
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

/** Whose request it is, for counting: the token's subject, read without verifying it. */
function subjectOf(authorization: string | undefined): string | undefined {
  const token = /^Bearer +(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) return undefined;
  try {
    const { sub } = decodeJwt(token);
    return typeof sub === "string" ? sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The gateway's admission of API requests: each client address and each user (by their token's
 * subject, before the token is verified: a forged subject spends its address's tokens too) may
 * make a burst of requests and then keep to a rate, in this replica; beyond, a 429 with
 * `Retry-After`, logged. One user flooding the API gets 429s while the others are served.
 */
export function apiAdmission(options: {
  perUser: { perSecond: number; burst: number };
  perAddress: { perSecond: number; burst: number };
}): RequestHandler {
  const users = createTokenBuckets(options.perUser);
  const addresses = createTokenBuckets(options.perAddress);
  return (req, res, next) => {
    if (!req.path.startsWith("/api/")) {
      next();
      return;
    }
    const subject = subjectOf(req.get("authorization"));
    const wait = Math.max(
      addresses.take(req.ip ?? "unknown"),
      subject === undefined ? 0 : users.take(subject),
    );
    if (wait === 0) {
      next();
      return;
    }
    req.log.warn({ user: subject, ip: req.ip, path: req.path }, "request over the rate limit");
    res.setHeader("retry-after", String(wait));
    next(
      problems.tooManyRequests(
        {
          vi: `Bạn gửi quá nhiều yêu cầu; hãy thử lại sau ${wait} giây`,
          en: `Too many requests; try again in ${wait} s`,
        },
        wait,
      ),
    );
  };
}

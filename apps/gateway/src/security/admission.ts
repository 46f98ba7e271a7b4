import { bearerToken, problems } from "@danvan/platform/http";
import type { RequestHandler } from "express";
import { decodeJwt } from "jose";
import { createTokenBuckets } from "./rate-limit.ts";

/** Whose request it is, for counting: the token's subject, read without verifying it. */
function subjectOf(authorization: string | undefined): string | undefined {
  const token = bearerToken(authorization);
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

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
 * make a burst of requests and then keep to a rate, in this replica, and a user may have at most
 * `perUserInFlight` requests unanswered at once (long-lived streams aside), so that one user's
 * expensive requests cannot hold every connection to a service while the others wait. Beyond,
 * a 429 with `Retry-After`, logged. One user flooding the API gets 429s while the others are
 * served.
 */
export function apiAdmission(options: {
  perUser: { perSecond: number; burst: number };
  perAddress: { perSecond: number; burst: number };
  perUserInFlight: number;
  /** Paths of long-lived answers (server-sent events), not counted as in flight. */
  longLived: readonly string[];
}): RequestHandler {
  const users = createTokenBuckets(options.perUser);
  const addresses = createTokenBuckets(options.perAddress);
  const inFlight = new Map<string, number>();
  /** The 429 (its Retry-After set by the problem), logged with whose request it was. */
  const refuse = (
    req: Parameters<RequestHandler>[0],
    user: string | undefined,
    wait: number,
    why: string,
    detail: { vi: string; en: string },
  ) => {
    req.log.warn({ user, ip: req.ip, path: req.path }, why);
    return problems.tooManyRequests(detail, wait);
  };
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
    if (wait > 0) {
      next(
        refuse(req, subject, wait, "request over the rate limit", {
          vi: `Bạn gửi quá nhiều yêu cầu; hãy thử lại sau ${wait} giây`,
          en: `Too many requests; try again in ${wait} s`,
        }),
      );
      return;
    }
    if (subject === undefined || options.longLived.includes(req.path)) {
      next();
      return;
    }
    const open = inFlight.get(subject) ?? 0;
    if (open >= options.perUserInFlight) {
      next(
        refuse(req, subject, 1, "requests in flight over the limit", {
          vi: "Bạn đang có nhiều yêu cầu chưa được trả lời; hãy đợi chúng xong rồi thử lại",
          en: "You have too many requests waiting for an answer; retry once they are answered",
        }),
      );
      return;
    }
    inFlight.set(subject, open + 1);
    res.once("close", () => {
      const left = (inFlight.get(subject) ?? 1) - 1;
      if (left > 0) inFlight.set(subject, left);
      else inFlight.delete(subject);
    });
    next();
  };
}

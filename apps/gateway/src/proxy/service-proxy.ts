import { HttpProblem, problems } from "@danvan/platform/http";
import type { Request, RequestHandler } from "express";
import { operationsOf } from "./declared-operations.ts";

/** Request headers a service needs from the caller; nothing else crosses (no cookies, no hosts). */
const FORWARDED_REQUEST_HEADERS = [
  "authorization",
  "accept",
  "accept-language",
  "content-type",
  "if-match",
] as const;
/** Response headers the caller needs from the service. */
const FORWARDED_RESPONSE_HEADERS = [
  "content-type",
  "etag",
  "location",
  "retry-after",
  "cache-control",
] as const;

export interface ServiceProxyOptions {
  /** The service's name in problems and logs: "dialogues". */
  name: string;
  /** Where the service listens: http://dialogues:3101. */
  baseUrl: string;
  /** The public prefix the gateway serves it under: /api/v1/dialogues. */
  prefix: string;
  /** Longest wait for the service's answer. */
  timeoutMs: number;
  /** Requests forwarded at once; one more is a 503 at once, not a place in a queue. */
  maxInFlight: number;
}

/**
 * Forwards a request under `prefix` to the service with the caller's token, correlation id and
 * trace, and returns the service's answer as it is (its problems included). Only the operations
 * the service declares in its OpenAPI document are forwarded (and the document itself): anything
 * else is a 404 here, so internal endpoints such as `/metrics` stay internal. The body goes as the
 * gateway parsed and cleaned it (NFC, no operator keys). A service that refuses connections is a
 * 503 and one that does not answer in time a 504, both at once: never a hang.
 */
export function serviceProxy(options: ServiceProxyOptions): RequestHandler {
  const base = options.baseUrl.replace(/\/+$/, "");
  const unavailable = (why: { vi: string; en: string }) =>
    problems.unavailable({
      vi: `Dịch vụ ${options.name} tạm thời không phản hồi (${why.vi}); hãy thử lại sau`,
      en: `The ${options.name} service is not answering (${why.en}); try again later`,
    });
  /** A call to the service that failed: 504 when it timed out, 503 when it could not be made. */
  const failed = (req: Request, error: unknown) => {
    const timedOut = (error as Error).name === "TimeoutError";
    req.log.warn({ service: options.name, error: (error as Error).message }, "service call failed");
    return timedOut
      ? new HttpProblem({
          status: 504,
          code: "service-timeout",
          title: { vi: "Dịch vụ phản hồi quá chậm", en: "Service timed out" },
          detail: {
            vi: `Dịch vụ ${options.name} không trả lời trong ${options.timeoutMs} ms`,
            en: `The ${options.name} service did not answer within ${options.timeoutMs} ms`,
          },
        })
      : unavailable({ vi: "không kết nối được", en: "connection refused" });
  };
  const operations = operationsOf(base, { refreshMs: 60_000, timeoutMs: options.timeoutMs });
  let inFlight = 0;
  return async (req: Request, res, next) => {
    // Shed load rather than queue it: a slow service must not hold every client of the gateway.
    if (inFlight >= options.maxInFlight) {
      req.log.warn({ service: options.name, inFlight }, "service busy: request shed");
      res.setHeader("retry-after", "1");
      next(unavailable({ vi: "đang quá tải", en: "busy" }));
      return;
    }
    inFlight++;
    res.once("close", () => {
      inFlight--;
    });
    // Mounted with app.use(prefix, …): req.url is the rest of the path, with the query.
    const path = req.url || "/";
    const pathOnly = path.split("?")[0] as string;
    if (!(req.method === "GET" && pathOnly === "/openapi.json")) {
      let declared: Awaited<ReturnType<typeof operations>>;
      try {
        declared = await operations();
      } catch (error) {
        next(failed(req, error));
        return;
      }
      if (!declared.includes(req.method, pathOnly)) {
        next(problems.notFound());
        return;
      }
    }
    const headers: Record<string, string> = {
      "x-correlation-id": req.correlationId,
      traceparent: req.traceparent,
      // The service's problem+json names the path the caller used (its `instance`).
      "x-forwarded-prefix": options.prefix,
    };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.get(name);
      if (value) headers[name] = value;
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.body !== undefined;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: req.method,
        headers,
        ...(hasBody ? { body: JSON.stringify(req.body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: "manual",
      });
    } catch (error) {
      next(failed(req, error));
      return;
    }
    res.status(response.status);
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value === null) continue;
      // The service's own paths become the gateway's public ones.
      res.setHeader(
        name,
        name === "location" && value.startsWith("/") ? options.prefix + value : value,
      );
    }
    try {
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      req.log.warn(
        { service: options.name, error: (error as Error).message },
        "service answer cut off",
      );
      if (!res.headersSent)
        next(unavailable({ vi: "câu trả lời bị ngắt giữa chừng", en: "answer cut off" }));
      else res.destroy();
    }
  };
}

import { Readable } from "node:stream";
import type { RequestHandler } from "express";

/** Headers that belong to one hop, or that fetch rewrites (it decodes compressed bodies). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "te",
  "trailer",
  "host",
  "content-encoding",
  "content-length",
  // The client's claims about where it came from: the web app says it (req.ip, through its
  // own TRUST_PROXY); and the session cookie, which holds the refresh token, stays here.
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "cookie",
]);

/**
 * Passes a request on to the gateway as it came — method, path, headers, body streamed — and its
 * answer back: the gateway's API at the web's own address (one origin, no CORS). The client's
 * address goes on in X-Forwarded-For (the gateway believes it when it trusts this server).
 */
export function gatewayDoor(gatewayUrl: string): RequestHandler {
  return async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    headers.set("x-forwarded-for", req.ip ?? "");
    // Only the gateway's /api and /.well-known: `/api/../readyz` must not reach its probes.
    const target = new URL(req.originalUrl, gatewayUrl);
    if (!/^\/(api|\.well-known)\//.test(target.pathname)) {
      res.status(404).end();
      return;
    }
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const hasBody = !["GET", "HEAD"].includes(req.method);
    try {
      const upstream = await fetch(target, {
        method: req.method,
        headers,
        redirect: "manual",
        signal: aborted.signal,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
      });
      res.status(upstream.status);
      upstream.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name) && name !== "set-cookie") res.setHeader(name, value);
      });
      if (!upstream.body) {
        res.end();
        return;
      }
      Readable.fromWeb(upstream.body as Parameters<typeof Readable.fromWeb>[0])
        .on("error", () => res.destroy())
        .pipe(res);
    } catch {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.status(503).type("application/problem+json").json({
        type: "about:blank",
        code: "gateway-unavailable",
        title: "Cổng dịch vụ tạm thời không trả lời",
        status: 503,
      });
    }
  };
}

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Express, NextFunction, Request, RequestHandler, Response } from "express";
import express from "express";
import helmet from "helmet";
import type { Logger } from "../log/index.ts";
import type { Telemetry } from "../telemetry/index.ts";
import type { TokenVerifier } from "./auth.ts";
import { normalizeRequest } from "./normalize.ts";
import { openApiDocument, openApiPaths } from "./openapi.ts";
import { problemHandler, problems } from "./problem.ts";
import type { Route } from "./routes.ts";
import { mountRoutes } from "./routes.ts";
import { continueTrace } from "./trace.ts";
import "./request-context.ts";

export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean> | boolean;
}

export interface HttpAppOptions {
  logger: Logger;
  telemetry: Telemetry;
  /** What /readyz checks: database and Kafka reachable, consumers joined, not shutting down. */
  readiness: ReadinessCheck[];
  /** Largest JSON body accepted; 100 kB by default. */
  bodyLimit?: string;
  /**
   * The proxies in front of the service whose X-Forwarded-For to believe (express's "trust
   * proxy" as addresses and subnets, `env.proxies()`): `req.ip` is the address of the first hop
   * that is not one of them. None by default: a client cannot choose its own address.
   */
  trustProxy?: string[];
  /**
   * The service's declared routes, served with their parsing, tokens and ETags, and described at
   * `GET /openapi.json` (unless `document` is false: the gateway serves a merged description).
   */
  api?: {
    title: string;
    routes: readonly Route[];
    /** Checks the tokens of routes for signed-in users. */
    verify?: TokenVerifier;
    document?: boolean;
  };
  /** Routes that are not declarations (a proxy, static files, an event stream), after those. */
  routes?: (app: Express) => void;
  /**
   * Routes that take the request as it came, before the body is parsed or normalised: a
   * pass-through to another server (the web app's door to the gateway's API).
   */
  rawRoutes?: (app: Express) => void;
  /**
   * Directives replacing helmet's default Content-Security-Policy ones of the same name: a web
   * app's nonce for its own inline scripts (a directive's value may be computed per answer).
   */
  /**
   * The Referrer-Policy instead of helmet's `no-referrer`: a web app with forms needs
   * `same-origin`, or browsers send `Origin: null` with its own form posts and origin checks fail.
   */
  referrerPolicy?: "no-referrer" | "same-origin";
  contentSecurityPolicy?: Record<
    string,
    Iterable<string | ((req: IncomingMessage, res: ServerResponse) => string)>
  >;
  /**
   * Runs before every route but the probes and /metrics (rate limits, load shedding): it passes
   * the request on or answers it, typically with a 429 or 503 problem.
   */
  admission?: RequestHandler;
}

/**
 * `GET /metrics` for Prometheus, served apart from the API (on `METRICS_PORT` by runService): a
 * service's internals are scraped inside the cluster and never reached through its public port.
 */
export function createMetricsApp(telemetry: Telemetry): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", async (_req, res) => {
    res.type(telemetry.registry.contentType).send(await telemetry.registry.metrics());
  });
  app.use((_req, res) => {
    res.status(404).end();
  });
  return app;
}

/**
 * Answers are checked against their declared schemas when DANVAN_CHECK_RESPONSES is set: the
 * test configuration of @danvan/testing sets it, so the API description cannot drift unnoticed.
 */
const checkResponses = () => Boolean(process.env.DANVAN_CHECK_RESPONSES);

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** Probed every few seconds by orchestrators and scrapers: logged only when they fail. */
const QUIET_PATHS = new Set(["/livez", "/readyz", "/metrics"]);

/** Longest a readiness check may take: after it, it counts as failed. */
const CHECK_TIMEOUT_MS = 1000;
/** How long a readiness answer is given again without running the checks. */
const READINESS_REUSE_MS = 1000;

async function runChecks(checks: ReadinessCheck[]) {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
      });
      try {
        return [name, await Promise.race([Promise.resolve(check()), timedOut])] as const;
      } catch {
        return [name, false] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(results);
}

/**
 * /readyz's answer: the checks, each bounded by CHECK_TIMEOUT_MS, run at most once per
 * READINESS_REUSE_MS however many probes come, so a probe never waits behind user traffic.
 */
function readinessAnswer(checks: ReadinessCheck[]) {
  let last: { at: number; checks: Record<string, boolean> } | undefined;
  let running: Promise<Record<string, boolean>> | undefined;
  return (): Promise<Record<string, boolean>> => {
    if (last && performance.now() - last.at < READINESS_REUSE_MS) {
      return Promise.resolve(last.checks);
    }
    running ??= runChecks(checks)
      .then((result) => {
        last = { at: performance.now(), checks: result };
        return result;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}

/** The methods routes are declared with; any other is a 405. */
const KNOWN_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * The express app every service starts from: security headers, correlation ids in and out,
 * request logs and metrics, /livez and /readyz, admission, a body limit, input normalised by one
 * text rule, then the service's routes, and problem+json for every error and unknown route or
 * method. /metrics is served apart (`createMetricsApp`).
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const { logger, telemetry } = options;
  const app = express();
  app.disable("x-powered-by");
  // Security headers on every answer (helmet's defaults: a content security policy of the app's
  // own origin, no sniffing, no framing, strict transport, no referrer across origins) — but
  // requests are not upgraded to https: a province may serve its intranet over plain http, where
  // that would break every page's own scripts.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: null, ...options.contentSecurityPolicy },
      },
      referrerPolicy: { policy: options.referrerPolicy ?? "no-referrer" },
    }),
  );
  // "simple": ?a[$ne]=x stays the string key "a[$ne]" instead of becoming an operator object.
  app.set("query parser", "simple");
  app.set(
    "trust proxy",
    options.trustProxy && options.trustProxy.length > 0 ? options.trustProxy : false,
  );

  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.get("x-correlation-id");
    req.correlationId = given && CORRELATION_ID.test(given) ? given : randomUUID();
    res.setHeader("x-correlation-id", req.correlationId);
    req.traceparent = continueTrace(req.get("traceparent"));
    res.setHeader("traceparent", req.traceparent);
    req.log = logger.child({ correlationId: req.correlationId });
    const started = performance.now();
    res.on("finish", () => {
      const seconds = (performance.now() - started) / 1000;
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : "unmatched";
      telemetry.httpRequestDuration.observe(
        { method: req.method, route, status: String(res.statusCode) },
        seconds,
      );
      if (!QUIET_PATHS.has(req.path) || res.statusCode >= 400) {
        req.log.info(
          {
            method: req.method,
            path: req.path,
            status: res.statusCode,
            ms: Math.round(seconds * 1000),
          },
          "request",
        );
      }
    });
    next();
  });

  // TRACE, PROPFIND, … are refused before anything else sees them.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(
      KNOWN_METHODS.includes(req.method)
        ? undefined
        : problems.methodNotAllowed(req.method, KNOWN_METHODS),
    );
  });

  app.get("/livez", (_req, res) => {
    res.json({ status: "alive" });
  });
  const readinessNow = readinessAnswer(options.readiness);
  app.get("/readyz", async (_req, res) => {
    const checks = await readinessNow();
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready", checks });
  });

  if (options.admission) app.use(options.admission);
  options.rawRoutes?.(app);
  app.use(express.json({ limit: options.bodyLimit ?? "100kb", strict: true }));
  app.use(normalizeRequest);
  if (options.api) {
    const { api } = options;
    if (api.document !== false) {
      const document = openApiDocument({ title: api.title, paths: openApiPaths(api.routes) });
      app.get("/openapi.json", (_req, res) => {
        res.json(document);
      });
    }
    mountRoutes(app, api.routes, {
      ...(api.verify ? { verify: api.verify } : {}),
      checkResponses: checkResponses(),
    });
  }
  options.routes?.(app);
  app.use((_req, _res, next) => next(problems.notFound()));
  app.use(problemHandler(logger));
  return app;
}

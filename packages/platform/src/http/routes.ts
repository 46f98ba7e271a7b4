import type { AccessTokenClaims } from "@danvan/contracts";
import type { Express, NextFunction, Request, Response } from "express";
import { z } from "zod";
import type { CommandMeta } from "../aggregate/index.ts";
import type { AccessGate, AccessPolicy, Resource } from "../domain/index.ts";
import type { Logger } from "../log/index.ts";
import type { TokenVerifier } from "./auth.ts";
import { requireUser } from "./auth.ts";
import { type HttpProblem, problems } from "./problem.ts";
import { parseRequest } from "./validate.ts";

type Method = "get" | "post" | "put" | "patch" | "delete";

/** Problems a route may answer beside 400 (every route validates) and 401 (every signed route). */
/**
 * The problems a route may declare besides 400 (and 401 for signed routes, added by itself): a
 * public route that checks credentials of its own (a login) declares its 401.
 */
export type ProblemStatus = 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503 | 504;

/** What a handler gets: the parsed request, who asks, and the request's log. */
export interface RouteInput<Params, Query, Body, User> {
  params: Params;
  query: Query;
  body: Body;
  user: User;
  /** Correlation, trace, actor (the user's `sub`) and, with `ifMatch`, the version expected. */
  meta: CommandMeta;
  log: Logger;
  /** The raw request, for what the declaration does not cover (the client's address). */
  request: Request;
}

/**
 * What a handler gives back: a body (with the aggregate version it is at, sent as its ETag), or
 * JSON text made already (an answer kept in a cache), or a stream it writes itself (server-sent
 * events).
 */
export type RouteResult =
  | {
      /** 200 unless said. */
      status?: number;
      body: unknown;
      /** Sent as the ETag; clients send it back as If-Match. */
      version?: number;
      location?: string;
      headers?: Record<string, string>;
    }
  | { status?: number; serialized: string; headers?: Record<string, string> }
  | { stream: (response: Response) => void };

export interface RouteDeclaration<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  User,
> {
  method: Method;
  /** An express path: `/petitions/:id/timeline`. */
  path: string;
  /** Unique across the service, for client generators. */
  operationId: string;
  /** What it does, in Vietnamese (the API viewer shows it to the people who use the API). */
  summary: string;
  description?: string;
  /** The group it is listed under. */
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * The action of the service's access policy this route does: a user who may do it nowhere gets
   * 403 (logged) before the request is read. Resource checks stay with the handler.
   */
  access?: AccessGate;
  /** Commands on an aggregate: `If-Match: "<version>"` becomes `meta.expectedVersion`. */
  ifMatch?: boolean;
  /**
   * A query parameter that may carry the access token instead of the Authorization header: for
   * clients that cannot send headers (the browser's EventSource).
   */
  tokenInQuery?: string;
  /** The answers it gives when it succeeds, by status, with their body's schema. */
  responses: Partial<
    Record<
      200 | 201 | 202 | 204,
      { description: string; schema?: z.ZodType; contentType?: "text/event-stream" }
    >
  >;
  /** The problems it can answer besides 400 and 401. */
  problems?: readonly ProblemStatus[];
  handle(
    input: RouteInput<z.output<P>, z.output<Q>, z.output<B>, User>,
  ): Promise<RouteResult> | RouteResult;
}

/** A declared route: what `mountRoutes` serves and `openApiDocument` describes. */
export interface Route {
  readonly declaration: RouteDeclaration<z.ZodType, z.ZodType, z.ZodType, unknown>;
  /** Whether it needs a signed-in user. */
  readonly signed: boolean;
}

const empty = z.strictObject({});

/** A route for signed-in users: `user` is their verified token. */
export function route<
  P extends z.ZodType = typeof empty,
  Q extends z.ZodType = typeof empty,
  B extends z.ZodType = typeof empty,
>(declaration: RouteDeclaration<P, Q, B, AccessTokenClaims>): Route {
  return { declaration: declaration as unknown as Route["declaration"], signed: true };
}

/** A route anyone may call (log in, the key set): there is no user. */
export function publicRoute<
  P extends z.ZodType = typeof empty,
  Q extends z.ZodType = typeof empty,
  B extends z.ZodType = typeof empty,
>(declaration: RouteDeclaration<P, Q, B, undefined>): Route {
  return { declaration: declaration as unknown as Route["declaration"], signed: false };
}

const IF_MATCH = z.coerce.number().int().min(1);

function expectedVersion(req: Request): number | undefined {
  const given = req.get("if-match")?.replaceAll('"', "").trim();
  if (!given) return undefined;
  const parsed = IF_MATCH.safeParse(given);
  if (!parsed.success) {
    throw problems.invalid({
      vi: "If-Match phải là số phiên bản (ETag của lần đọc trước)",
      en: "If-Match must be a version number (the ETag of an earlier read)",
    });
  }
  return parsed.data;
}

/**
 * Serves declared routes: each parses its params, query and body with its schemas (unknown keys
 * refused: 400 with every field error), checks the token of signed routes (401), reads If-Match,
 * calls the handler and sends its result with the ETag of its version. Errors become
 * problem+json in the app's error handler. With `checkResponses` (tests), an answer that does not
 * match its declared schema is a 500: the API description cannot drift from what is sent.
 */
export function mountRoutes(
  app: Express,
  routes: readonly Route[],
  options: { verify?: TokenVerifier; checkResponses?: boolean },
) {
  const authenticate = options.verify ? requireUser(options.verify) : undefined;
  for (const { declaration: d, signed } of routes) {
    if (signed && !authenticate) {
      throw new Error(`${d.operationId} needs a signed-in user, but no token verifier was given`);
    }
    if (d.access && !signed) throw new Error(`${d.operationId}: a public route has no access gate`);
    const handler = async (req: Request, res: Response) => {
      const params = d.params ? parseRequest(d.params, req, "params") : {};
      const query = parseRequest(d.query ?? empty, req, "query");
      const body = d.body ? parseRequest(d.body, req, "body") : undefined;
      const version = d.ifMatch ? expectedVersion(req) : undefined;
      const meta: CommandMeta = {
        correlationId: req.correlationId,
        traceparent: req.traceparent,
        actor: req.user?.sub ?? "anonymous",
        ...(version !== undefined ? { expectedVersion: version } : {}),
      };
      const result = await d.handle({
        params,
        query,
        body,
        user: req.user,
        meta,
        log: req.log,
        request: req,
      });
      if ("stream" in result) {
        result.stream(res);
        return;
      }
      const status = result.status ?? 200;
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      if ("serialized" in result) {
        if (options.checkResponses) checkResponse(d, status, JSON.parse(result.serialized));
        // Ended, not sent: express would hash the text for an ETag.
        res.status(status).type("json").end(result.serialized);
        return;
      }
      if (options.checkResponses) checkResponse(d, status, result.body);
      if (result.version !== undefined) res.setHeader("etag", `"${result.version}"`);
      if (result.location) res.location(result.location);
      if (status === 204) res.status(204).end();
      else res.status(status).json(result.body);
    };
    const tokenFromQuery = d.tokenInQuery
      ? [
          (req: Request, _res: Response, next: NextFunction) => {
            const token = req.query[d.tokenInQuery as string];
            if (typeof token === "string" && token.length <= 4000 && !req.get("authorization")) {
              req.headers.authorization = `Bearer ${token}`;
            }
            next();
          },
        ]
      : [];
    const gate = d.access
      ? [
          (req: Request, _res: Response, next: NextFunction) => {
            const access = d.access as AccessGate;
            if (req.user && access.admits(req.user)) next();
            else next(forbidden({ user: req.user, log: req.log, request: req }, access.action));
          },
        ]
      : [];
    const chain = [
      ...tokenFromQuery,
      ...(signed && authenticate ? [authenticate] : []),
      ...gate,
      (req: Request, res: Response, next: NextFunction) => {
        handler(req, res).catch(next);
      },
    ];
    app[d.method](d.path, ...chain);
  }
}

function checkResponse(d: Route["declaration"], status: number, body: unknown) {
  const declared = d.responses[status as 200];
  if (!declared) throw new Error(`${d.operationId} answered ${status}, which it does not declare`);
  const result = declared.schema?.safeParse(body);
  if (result && !result.success) {
    throw new Error(
      `${d.operationId} answered a body its declared schema refuses: ${result.error.message}`,
    );
  }
}

/**
 * The access check of one action on one resource: a user who may not even see the resource gets
 * 404 (its existence does not leak), one who sees it but may not do this gets 403, logged.
 */
export function checkAccess<Action extends string>(
  policy: AccessPolicy<Action>,
  input: { user: AccessTokenClaims; log: Logger; request: Request },
  actions: { see: Action; act: Action },
  resource: Resource,
  notFound: HttpProblem = problems.notFound(),
): void {
  if (!policy.allows(input.user, actions.see, resource)) throw notFound;
  if (!policy.allows(input.user, actions.act, resource)) throw forbidden(input, actions.act);
}

/** 403 (logged) unless the user may do the action to the resource. */
export function authorize<Action extends string>(
  policy: AccessPolicy<Action>,
  input: { user: AccessTokenClaims; log: Logger; request: Request },
  action: Action,
  resource: Resource,
): void {
  if (!policy.allows(input.user, action, resource)) throw forbidden(input, action);
}

/** 403 for an action outside the user's role or scope, logged with who tried what where. */
export function forbidden(
  input: { user: AccessTokenClaims | undefined; log: Logger; request: Request },
  action: string,
): HttpProblem {
  input.log.warn(
    { user: input.user?.sub, roles: input.user?.roles, action, path: input.request.path },
    "forbidden by access policy",
  );
  return problems.forbidden();
}

import { openApi } from "@danvan/platform/http";
import type { Logger } from "@danvan/platform/log";
import type { z } from "zod";
import { alertsQuery, dashboardQuery, streamQuery } from "../dashboard/routes.ts";
import {
  assignmentsBody,
  auditQuery,
  createUserBody,
  emptyBody,
  resetPasswordBody,
  updateUserBody,
  userListQuery,
} from "./admin-routes.ts";
import { loginBody, passwordBody, refreshBody } from "./auth-routes.ts";

const { operation, queryParameters, idParameter } = openApi;
const open = (summary: string, body?: z.ZodType) => ({ ...operation(summary, body), security: [] });

/** The gateway's own operations, from the zod schemas its routes validate with. */
function gatewayPaths(): Record<string, Record<string, unknown>> {
  const user = (summary: string, body?: z.ZodType) =>
    operation(summary, body, { parameters: [idParameter] });
  return {
    "/api/v1/auth/login": { post: open("Log in: an access token and a refresh token", loginBody) },
    "/api/v1/auth/refresh": { post: open("A new token pair for a refresh token", refreshBody) },
    "/api/v1/auth/logout": { post: operation("End this login") },
    "/api/v1/auth/me": { get: operation("The caller's claims") },
    "/api/v1/auth/password": { post: operation("Change one's password", passwordBody) },
    "/.well-known/jwks.json": { get: open("The public keys access tokens are signed with") },
    "/api/v1/dashboard": {
      get: operation("A unit's figures for a period, and its children's", undefined, {
        parameters: queryParameters(dashboardQuery),
      }),
    },
    "/api/v1/overview": { get: operation("The province overview") },
    "/api/v1/alerts": {
      get: operation("Alerts in the caller's units, newest first", undefined, {
        parameters: queryParameters(alertsQuery),
      }),
    },
    "/api/v1/stream": {
      get: operation("Server-sent events: figures and alerts changing in scope", undefined, {
        parameters: queryParameters(streamQuery),
      }),
    },
    "/api/v1/admin/users": {
      get: operation("Users (province administrators)", undefined, {
        parameters: queryParameters(userListQuery),
      }),
      post: operation("Create a user", createUserBody),
    },
    "/api/v1/admin/users/{id}": {
      get: user("A user"),
      patch: user("Change a user's name or grants", updateUserBody),
    },
    "/api/v1/admin/users/{id}/assignments": {
      put: user("Replace a user's assignments", assignmentsBody),
    },
    "/api/v1/admin/users/{id}/disable": {
      post: user("Disable a user; their logins end", emptyBody),
    },
    "/api/v1/admin/users/{id}/enable": { post: user("Enable a user", emptyBody) },
    "/api/v1/admin/users/{id}/unlock": { post: user("Lift a lockout", emptyBody) },
    "/api/v1/admin/users/{id}/reset-password": {
      post: user("Set or generate a new password", resetPasswordBody),
    },
    "/api/v1/admin/audit": {
      get: operation("The audit trail", undefined, { parameters: queryParameters(auditQuery) }),
    },
  };
}

/**
 * The whole public API: the gateway's own operations and each service's, as the service itself
 * describes them (its `/openapi.json`, fetched and cached for a minute) under the gateway's
 * prefix. A service that does not answer is listed in `x-unavailable` and its last known
 * description kept.
 */
export function createApiDocument(options: {
  services: { name: string; baseUrl: string }[];
  logger: Logger;
  cacheMs?: number;
}) {
  const known = new Map<string, { paths: Record<string, Record<string, unknown>>; at: number }>();
  const cacheMs = options.cacheMs ?? 60_000;
  return async () => {
    const unavailable: string[] = [];
    const paths = gatewayPaths();
    for (const service of options.services) {
      let entry = known.get(service.name);
      if (!entry || Date.now() - entry.at > cacheMs) {
        try {
          const response = await fetch(`${service.baseUrl}/openapi.json`, {
            signal: AbortSignal.timeout(2000),
          });
          const document = (await response.json()) as {
            paths: Record<string, Record<string, unknown>>;
          };
          entry = { paths: document.paths, at: Date.now() };
          known.set(service.name, entry);
        } catch (error) {
          options.logger.warn(
            { service: service.name, err: error },
            "service description unavailable",
          );
          unavailable.push(service.name);
        }
      }
      for (const [path, operations] of Object.entries(entry?.paths ?? {})) {
        paths[`/api/v1/${service.name}${path}`] = operations;
      }
    }
    return {
      ...openApi.document("Dân vận — public API (gateway)", paths),
      ...(unavailable.length > 0 ? { "x-unavailable": unavailable } : {}),
    };
  };
}

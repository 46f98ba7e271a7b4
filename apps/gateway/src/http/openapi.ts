import type { Route } from "@danvan/platform/http";
import { openApiDocument, openApiPaths } from "@danvan/platform/http";
import type { Logger } from "@danvan/platform/log";

/**
 * The whole public API: the gateway's own operations and each service's, as the service itself
 * describes them (its `/openapi.json`, fetched and cached for a minute) under the gateway's
 * prefix. A service that does not answer is listed in `x-unavailable` and its last known
 * description kept.
 */
export function createApiDocument(options: {
  /** The gateway's own declared routes. */
  routes: readonly Route[];
  services: { name: string; baseUrl: string }[];
  logger: Logger;
  cacheMs?: number;
}) {
  const known = new Map<string, { paths: Record<string, Record<string, unknown>>; at: number }>();
  const cacheMs = options.cacheMs ?? 60_000;
  return async () => {
    const unavailable: string[] = [];
    const paths = openApiPaths(options.routes);
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
      ...openApiDocument({ title: "Dân vận — public API (gateway)", paths }),
      ...(unavailable.length > 0 ? { "x-unavailable": unavailable } : {}),
    };
  };
}

/**
 * The operations a service declares in its OpenAPI document (`/openapi.json`), as the gateway's
 * proxy forwards them: only these, so a service's internal endpoints (`/metrics`, `/readyz`) and
 * anything it serves beside its API never become public through the gateway.
 */
export interface DeclaredOperations {
  /** Whether `method` on `path` (no query) is an operation the service declared. */
  includes(method: string, path: string): boolean;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
}

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch"]);

/** `/petitions/{id}/timeline` as a pattern of one path: a parameter is one non-empty segment. */
const patternOf = (template: string) =>
  new RegExp(
    `^${template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]+")}$`,
  );

export function declaredOperations(document: OpenApiDocument): DeclaredOperations {
  const operations = Object.entries(document.paths ?? {}).map(([template, item]) => ({
    pattern: patternOf(template),
    methods: new Set(Object.keys(item).filter((key) => METHODS.has(key))),
  }));
  return {
    includes(method, path) {
      const wanted = method.toLowerCase();
      return operations.some(
        ({ pattern, methods }) =>
          pattern.test(path) && (methods.has(wanted) || (wanted === "head" && methods.has("get"))),
      );
    },
  };
}

/**
 * A service's declared operations, read from its `/openapi.json` when first needed and again at
 * most every `refreshMs` (a newer version of the service may declare more); while it cannot be
 * read the proxy answers 503, never forwarding blind.
 */
export function operationsOf(baseUrl: string, options: { refreshMs: number; timeoutMs: number }) {
  let known: { operations: DeclaredOperations; at: number } | undefined;
  let reading: Promise<DeclaredOperations> | undefined;
  const read = async () => {
    const response = await fetch(`${baseUrl}/openapi.json`, {
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) throw new Error(`openapi.json answered ${response.status}`);
    const operations = declaredOperations((await response.json()) as OpenApiDocument);
    known = { operations, at: Date.now() };
    return operations;
  };
  return async (): Promise<DeclaredOperations> => {
    if (known && Date.now() - known.at < options.refreshMs) return known.operations;
    reading ??= read().finally(() => {
      reading = undefined;
    });
    // A stale list serves while a fresh one is read; none at all waits for it.
    if (known) {
      reading.catch(() => {});
      return known.operations;
    }
    return reading;
  };
}

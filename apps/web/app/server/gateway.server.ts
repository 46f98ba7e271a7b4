/** A problem the gateway answered (problem+json), with the fields it concerns. */
export class GatewayProblem extends Error {
  readonly status: number;
  /** The problem's stable code (`login-delayed`, `command-refused`, …). */
  readonly code: string;
  readonly detail: string | undefined;
  /** Per field (`body.password`, `query.period`…): what is wrong with it, in Vietnamese. */
  readonly fields: Record<string, string>;
  readonly retryAt: string | undefined;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === "string" ? body.title : `HTTP ${status}`;
    super(title);
    this.status = status;
    this.code = typeof body.code === "string" ? body.code : "";
    this.detail = typeof body.detail === "string" ? body.detail : undefined;
    this.retryAt = typeof body.retryAt === "string" ? body.retryAt : undefined;
    const fields: Record<string, string> = {};
    for (const error of Array.isArray(body.errors) ? body.errors : []) {
      const { path, message } = error as { path?: unknown; message?: unknown };
      if (typeof path === "string" && typeof message === "string") fields[path] ??= message;
    }
    this.fields = fields;
  }
}

/** The gateway could not be reached or answered with a server error. */
export class GatewayUnavailable extends Error {}

/**
 * The gateway's API as the web server calls it: JSON in and out, the user's access token, the
 * request's correlation id passed on. Every answer but 2xx is thrown as a `GatewayProblem`.
 */
export function gatewayClient(options: {
  baseUrl: string;
  accessToken?: string | undefined;
  correlationId?: string | null | undefined;
  /**
   * The user's address, passed on in X-Forwarded-For: the gateway's limits and login delays are
   * per address, and every call comes from this server (the gateway believes it when its
   * TRUST_PROXY names this server).
   */
  clientAddress?: string | undefined;
}) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, options.baseUrl), {
        method,
        headers: {
          accept: "application/json",
          "accept-language": "vi",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
          ...(options.correlationId ? { "x-correlation-id": options.correlationId } : {}),
          ...(options.clientAddress ? { "x-forwarded-for": options.clientAddress } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new GatewayUnavailable(`the gateway did not answer: ${String(error)}`);
    }
    if (response.status === 204) return undefined as T;
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status >= 500) {
      throw new GatewayUnavailable(`the gateway answered ${response.status}`);
    }
    if (!response.ok) throw new GatewayProblem(response.status, answer);
    return answer as T;
  };
  return {
    get: <T>(path: string, query: Record<string, string | undefined> = {}) => {
      const search = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]),
      ).toString();
      return call<T>("GET", search ? `${path}?${search}` : path);
    },
    post: <T>(path: string, body: unknown = {}) => call<T>("POST", path, body),
  };
}

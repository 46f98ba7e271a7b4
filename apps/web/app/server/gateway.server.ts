import { Agent, request } from "node:http";
import { Agent as SecureAgent, request as secureRequest } from "node:https";

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

/** Connections to the gateway kept open between calls: a page's calls reuse them. */
const agents = {
  "http:": new Agent({ keepAlive: true, maxSockets: 256 }),
  "https:": new SecureAgent({ keepAlive: true, maxSockets: 256 }),
};
const TIMEOUT_MS = 15_000;

/** One HTTP exchange with the gateway: status and body (node:http, cheaper per call than fetch). */
function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === "https:";
    const send = secure ? secureRequest : request;
    const agent = agents[secure ? "https:" : "http:"];
    const req = send(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error("the gateway took too long")));
    req.on("error", reject);
    req.end(body);
  });
}

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
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let answer: { status: number; text: string };
    try {
      answer = await exchange(
        new URL(path, options.baseUrl),
        method,
        {
          accept: "application/json",
          "accept-language": "vi",
          ...(payload === undefined
            ? {}
            : {
                "content-type": "application/json",
                "content-length": String(Buffer.byteLength(payload)),
              }),
          ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
          ...(options.correlationId ? { "x-correlation-id": options.correlationId } : {}),
          ...(options.clientAddress ? { "x-forwarded-for": options.clientAddress } : {}),
          ...headers,
        },
        payload,
      );
    } catch (error) {
      throw new GatewayUnavailable(`the gateway did not answer: ${String(error)}`);
    }
    if (answer.status === 204) return undefined as T;
    let parsed: Record<string, unknown> = {};
    try {
      parsed = answer.text ? (JSON.parse(answer.text) as Record<string, unknown>) : {};
    } catch {
      // not JSON: judged by its status below
    }
    if (answer.status >= 500) {
      throw new GatewayUnavailable(`the gateway answered ${answer.status}`);
    }
    if (answer.status < 200 || answer.status >= 300) {
      throw new GatewayProblem(answer.status, parsed);
    }
    return parsed as T;
  };
  return {
    get: <T>(path: string, query: Record<string, string | undefined> = {}) => {
      const search = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]),
      ).toString();
      return call<T>("GET", search ? `${path}?${search}` : path);
    },
    /** `headers`: If-Match, for a command on what the page showed. */
    post: <T>(path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      call<T>("POST", path, body, headers),
  };
}

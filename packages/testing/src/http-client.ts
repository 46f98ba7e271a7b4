/** An answer as a test reads it: status, headers and the JSON body (undefined when empty). */
export interface JsonAnswer<Body> {
  status: number;
  headers: Headers;
  body: Body;
}

/**
 * Calls an HTTP API the way clients do: JSON in and out, a bearer token when given. `Body` is
 * what the test expects the answer to hold (not checked here: the routes check their answers).
 */
export function jsonClient(base: string) {
  return async <Body = Record<string, unknown>>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<JsonAnswer<Body>> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as Body,
    };
  };
}

import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { renderToPipeableStream } from "react-dom/server";
import type { EntryContext } from "react-router";
import { RouterContextProvider, ServerRouter } from "react-router";
import { clientAddress, cspNonce, webServices } from "./context.ts";
import { sessionCookies } from "./server/session.server.ts";
import { NonceProvider } from "./ui/nonce.tsx";

export const streamTimeout = 5_000;

/**
 * What the web server gives each request's loaders and actions, made here so that the contexts
 * are the build's own (server/app.ts reaches it through the build's entry module).
 */
export function pageContext(options: { gatewayUrl: string; sessionSecrets: string[] }) {
  const services = {
    gatewayUrl: options.gatewayUrl,
    sessions: sessionCookies(options.sessionSecrets),
  };
  return (request: { nonce: string; address: string }) => {
    const context = new RouterContextProvider();
    context.set(webServices, services);
    context.set(cspNonce, request.nonce);
    context.set(clientAddress, request.address);
    return context;
  };
}

/**
 * Renders a page on the server, whole before it is sent (pages are small, and a reader without
 * JavaScript must get everything), with the answer's CSP nonce on React Router's inline scripts.
 */
export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  if (request.method.toUpperCase() === "HEAD") return new Response(null, { status, headers });
  const nonce = loadContext.get(cspNonce);
  return new Promise<Response>((resolve, reject) => {
    let statusCode = status;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          const body = new PassThrough();
          headers.set("content-type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers, status: statusCode }),
          );
          pipe(body);
        },
        onShellError: reject,
        onError(error) {
          statusCode = 500;
          console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000).unref();
  });
}

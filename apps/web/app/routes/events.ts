import { clientAddress, signedIn, webServices } from "../context.ts";
import type { Route } from "./+types/events";

/**
 * The gateway's server-sent events for the signed-in user, at this origin: the browser's
 * EventSource sends the session cookie, the web server the access token (which never reaches
 * the page's scripts).
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = context.get(signedIn);
  if (!user) return new Response("Chưa đăng nhập", { status: 401 });
  const upstream = await fetch(new URL("/api/v1/stream", context.get(webServices).gatewayUrl), {
    headers: {
      authorization: `Bearer ${user.accessToken}`,
      accept: "text/event-stream",
      "x-forwarded-for": context.get(clientAddress),
    },
    signal: request.signal,
  }).catch(() => undefined);
  if (!upstream?.ok || !upstream.body) {
    return new Response("Chưa kết nối được luồng cập nhật", {
      status: 503,
      headers: { "retry-after": "5" },
    });
  }
  return new Response(upstream.body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}

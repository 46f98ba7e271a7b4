import type { RouterContextProvider } from "react-router";
import { data, redirect } from "react-router";
import { clientAddress, signedIn, webServices } from "../context.ts";
import { GatewayProblem, GatewayUnavailable, gatewayClient } from "./gateway.server.ts";
import { currentSession, forgetLogin } from "./session-middleware.server.ts";

/**
 * The gateway's API with the signed-in user's token, for a staff page's loader or action. A
 * login the gateway no longer accepts (ended elsewhere, the user disabled) sends the user to
 * sign in again, told that their session ended; a gateway that cannot answer is a 503 page.
 */
export function staffGateway(args: { request: Request; context: Readonly<RouterContextProvider> }) {
  const { request, context } = args;
  const client = gatewayClient({
    baseUrl: context.get(webServices).gatewayUrl,
    clientAddress: context.get(clientAddress),
    accessToken: context.get(signedIn)?.accessToken,
    correlationId: request.headers.get("x-correlation-id"),
  });
  const guarded =
    <A extends unknown[], T>(call: (...a: A) => Promise<T>) =>
    async (...a: A): Promise<T> => {
      try {
        return await call(...a);
      } catch (error) {
        if (error instanceof GatewayProblem && error.status === 401) {
          forgetLogin(context.get(currentSession), true);
          const url = new URL(request.url);
          throw redirect(`/dang-nhap?tiep=${encodeURIComponent(url.pathname + url.search)}`);
        }
        if (error instanceof GatewayUnavailable) {
          throw data(
            { title: "Hệ thống đang bận", detail: "Máy chủ tạm thời chưa trả lời." },
            { status: 503 },
          );
        }
        throw error;
      }
    };
  return { get: guarded(client.get), post: guarded(client.post) };
}

import { redirect } from "react-router";
import { clientAddress, signedIn, webServices } from "../context.ts";
import { gatewayClient } from "../server/gateway.server.ts";
import { currentSession, forgetLogin } from "../server/session-middleware.server.ts";
import type { Route } from "./+types/sign-out";

/** Ends the login at the gateway (its tokens refused at once), then forgets it here. */
export async function action({ context }: Route.ActionArgs) {
  const user = context.get(signedIn);
  if (user) {
    await gatewayClient({
      baseUrl: context.get(webServices).gatewayUrl,
      clientAddress: context.get(clientAddress),
      accessToken: user.accessToken,
    })
      .post("/api/v1/auth/logout")
      .catch(() => {}); // forgotten here whatever the gateway says: the user asked to leave
  }
  forgetLogin(context.get(currentSession), false);
  return redirect("/");
}

export function loader() {
  return redirect("/");
}

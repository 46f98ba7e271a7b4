import { Outlet, redirect } from "react-router";
import { signedIn } from "../context.ts";
import type { Route } from "./+types/staff";

/** The staff's pages: whoever is not signed in is sent to sign in, and back here after. */
export const middleware: Route.MiddlewareFunction[] = [
  ({ request, context }) => {
    if (context.get(signedIn)) return;
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?tiep=${encodeURIComponent(url.pathname + url.search)}`);
  },
];

export default function Staff() {
  return <Outlet />;
}

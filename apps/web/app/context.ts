import { createContext } from "react-router";
import type { SessionCookies, SessionUser } from "./server/session.server.ts";

/** What the web server gives every request: where the gateway is and how sessions are kept. */
export interface WebServices {
  gatewayUrl: string;
  sessions: SessionCookies;
}

export const webServices = createContext<WebServices>();

/** The Content-Security-Policy nonce of this answer: the only inline scripts allowed carry it. */
export const cspNonce = createContext<string>("");

/** The address the request came from (behind trusted proxies, the client's), for the gateway. */
export const clientAddress = createContext<string>("");

/** The signed-in user of this request, null when nobody is (set by the root's middleware). */
export const signedIn = createContext<SignedInUser | null>(null);

export interface SignedInUser extends SessionUser {
  accessToken: string;
  /** Sent back with every form; a form without it is refused (CSRF). */
  csrf: string;
}

import { randomBytes } from "node:crypto";
import { createCookieSessionStorage } from "react-router";

/** What the session cookie holds: the gateway's tokens and who they belong to. */
export interface SessionData {
  accessToken: string;
  /** When the access token expires (ms since the epoch). */
  accessExpiresAt: number;
  refreshToken: string;
  user: {
    id: string;
    username: string;
    displayName: string;
    roles: string[];
    units: string[];
    agencies: string[];
    grants: string[];
  };
  csrf: string;
}

/** Set on the way out when a session could not be renewed: the sign-in page says so. */
export interface SessionFlash {
  ended: "expired";
}

export const SESSION_COOKIE = "danvan_phien";

/**
 * The session as a signed, httpOnly, SameSite=Lax cookie: the browser never sees the tokens
 * (no script can read them), and another site's form cannot post with it.
 */
export function sessionStorage(secrets: string[]) {
  return createCookieSessionStorage<SessionData, SessionFlash>({
    cookie: {
      name: SESSION_COOKIE,
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secrets,
    },
  });
}

export const newCsrfToken = () => randomBytes(24).toString("base64url");

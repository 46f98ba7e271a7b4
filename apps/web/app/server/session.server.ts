import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Session } from "react-router";
import { createSession } from "react-router";

/** Who is signed in, as the gateway's login said. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  units: string[];
  agencies: string[];
  grants: string[];
}

/** What the session cookie holds: the gateway's tokens and who they belong to. */
export interface SessionData {
  accessToken: string;
  /** When the access token expires (ms since the epoch). */
  accessExpiresAt: number;
  refreshToken: string;
  user: SessionUser;
  csrf: string;
}

/** Set on the way out when a session could not be renewed: the sign-in page says so. */
export interface SessionFlash {
  ended: "expired";
}

export const SESSION_COOKIE = "danvan_phien";

export type WebSession = Session<SessionData, SessionFlash>;

/** Reads and writes the session cookie. */
export interface SessionCookies {
  /** The session the request's cookies hold: empty when none, or not signed by us. */
  read(cookieHeader: string | null): WebSession;
  /** The Set-Cookie header value that keeps the session (Secure over https). */
  write(session: WebSession, options: { secure: boolean }): string;
}

const sign = (secret: string, payload: string) =>
  createHmac("sha256", secret).update(payload).digest("base64url");

/**
 * The session as one signed, httpOnly, SameSite=Lax cookie: the browser never sees the tokens
 * (no script can read them), and another site's form cannot post with it. Its value is the
 * session's data as base64url JSON and an HMAC-SHA256 of it under the first secret; any of the
 * secrets is accepted (rotation: add the new one first). Signed with node's HMAC, synchronously:
 * every request reads it (a WebCrypto key import and signature per request cost a millisecond).
 */
export function sessionCookies(secrets: string[]): SessionCookies {
  const [current] = secrets;
  if (!current) throw new Error("the session cookie needs a secret");
  return {
    read(cookieHeader) {
      const value = (cookieHeader ?? "")
        .split(";")
        .map((part) => part.trim())
        .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
        ?.slice(SESSION_COOKIE.length + 1);
      const [payload = "", signature = ""] = (value ?? "").split(".");
      const given = Buffer.from(signature);
      const genuine = secrets.some((secret) => {
        const expected = Buffer.from(sign(secret, payload));
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
      if (!payload || !genuine) return createSession<SessionData, SessionFlash>();
      try {
        const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<
          string,
          unknown
        >;
        return createSession<SessionData, SessionFlash>(data as unknown as SessionData);
      } catch {
        return createSession<SessionData, SessionFlash>();
      }
    },
    write(session, options) {
      const payload = Buffer.from(JSON.stringify(session.data)).toString("base64url");
      return [
        `${SESSION_COOKIE}=${payload}.${sign(current, payload)}`,
        "Path=/",
        "HttpOnly",
        "SameSite=Lax",
        ...(options.secure ? ["Secure"] : []),
      ].join("; ");
    },
  };
}

export const newCsrfToken = () => randomBytes(24).toString("base64url");

import type { MiddlewareFunction } from "react-router";
import { createContext, data } from "react-router";
import type { SignedInUser } from "../context.ts";
import { clientAddress, signedIn, webServices } from "../context.ts";
import { gatewayClient } from "./gateway.server.ts";
import type { SessionData, WebSession } from "./session.server.ts";
import { newCsrfToken } from "./session.server.ts";

/** Renewed this long before the access token expires, so a page never calls with a dead one. */
const RENEW_BEFORE_MS = 30_000;

export interface CurrentSession {
  session: WebSession;
  /** Set by whoever changes the session: the middleware sends the cookie on the way out. */
  changed: boolean;
}

export const currentSession = createContext<CurrentSession>();

interface Tokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  user: SessionData["user"];
}

/** Keeps a login's tokens in the session (after signing in, or renewing them). */
export function keepTokens(current: CurrentSession, tokens: Tokens) {
  const { session } = current;
  session.set("accessToken", tokens.accessToken);
  session.set("accessExpiresAt", Date.now() + tokens.expiresIn * 1000);
  session.set("refreshToken", tokens.refreshToken);
  session.set("user", {
    id: tokens.user.id,
    username: tokens.user.username,
    displayName: tokens.user.displayName,
    roles: tokens.user.roles,
    units: tokens.user.units,
    agencies: tokens.user.agencies,
    grants: tokens.user.grants,
  });
  if (!session.get("csrf")) session.set("csrf", newCsrfToken());
  current.changed = true;
}

/** Forgets the login; `expired` makes the sign-in page say why. */
export function forgetLogin(current: CurrentSession, expired: boolean) {
  for (const key of ["accessToken", "accessExpiresAt", "refreshToken", "user", "csrf"] as const) {
    current.session.unset(key);
  }
  if (expired) current.session.flash("ended", "expired");
  current.changed = true;
}

const refused = (detail: string) =>
  data({ title: "Yêu cầu bị từ chối", detail }, { status: 403, statusText: "Forbidden" });

/**
 * Every request: reads the session cookie, renews the tokens silently when they are about to
 * expire (or forgets the login when they cannot be renewed), refuses a form sent from another
 * site or without the session's CSRF token, tells loaders and actions who is signed in, and
 * sends the cookie back when it changed.
 */
export const sessionMiddleware: MiddlewareFunction<Response> = async (
  { request, context },
  next,
) => {
  const services = context.get(webServices);
  const session = services.sessions.read(request.headers.get("cookie"));
  const current: CurrentSession = { session, changed: false };
  context.set(currentSession, current);

  const refreshToken = session.get("refreshToken");
  if (refreshToken && (session.get("accessExpiresAt") ?? 0) - Date.now() < RENEW_BEFORE_MS) {
    try {
      keepTokens(
        current,
        await gatewayClient({
          baseUrl: services.gatewayUrl,
          clientAddress: context.get(clientAddress),
        }).post<Tokens>("/api/v1/auth/refresh", {
          refreshToken,
        }),
      );
    } catch {
      forgetLogin(current, true);
    }
  }
  const stored = session.get("user");
  const accessToken = session.get("accessToken");
  let csrf = session.get("csrf");
  if (stored && accessToken && !csrf) {
    csrf = newCsrfToken();
    session.set("csrf", csrf);
    current.changed = true;
  }
  const user: SignedInUser | null =
    stored && accessToken && csrf ? { ...stored, accessToken, csrf } : null;
  context.set(signedIn, user);

  if (request.method !== "GET" && request.method !== "HEAD") {
    const origin = request.headers.get("origin");
    if (origin !== null && origin !== new URL(request.url).origin) {
      throw refused("Biểu mẫu được gửi từ một trang khác.");
    }
    if (user) {
      const form = await request
        .clone()
        .formData()
        .catch(() => undefined);
      if (form?.get("csrf") !== user.csrf) {
        throw refused("Biểu mẫu đã cũ hoặc không hợp lệ; hãy tải lại trang và thử lại.");
      }
    }
  }

  const response = await next();
  if (current.changed) {
    response.headers.append(
      "set-cookie",
      services.sessions.write(session, { secure: new URL(request.url).protocol === "https:" }),
    );
  }
  return response;
};

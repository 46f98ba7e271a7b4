import { z } from "zod";
import { problems } from "./problem.ts";

/**
 * What the gateway publishes of the logins that ended (logout, a replayed refresh token, a
 * disabled user, a changed password): each login's id and until when its access tokens must be
 * refused — after that they have expired anyway.
 */
export const endedSessionsSchema = z.object({
  asOf: z.iso.datetime({ offset: true }),
  sessions: z.array(z.object({ sid: z.string().min(1), refuseUntil: z.iso.datetime() })),
});

export type EndedSessionsAnswer = z.infer<typeof endedSessionsSchema>;

/** Whether a login has ended: what a token verifier asks before it accepts a token. */
export type SessionEndedCheck = (sid: string) => Promise<boolean>;

/**
 * How far back each fetch looks again before the previous answer's `asOf`: the gateway's replicas
 * stamp the ends with their own clocks, which may lag the one that answered.
 */
const OVERLAP_MS = 30_000;

/**
 * The gateway's list of ended logins as a service sees it: fetched from `url`, then only what
 * ended since (with an overlap), at most every `pollMs` while requests come. No timer runs: the
 * list is refreshed when a request asks and it is older than `pollMs` (that request does not
 * wait), and a request waits for a refresh only when the list is older than `maxStaleMs` — when
 * that refresh fails, the request is refused with a 503 rather than trust a token nobody could
 * check (fail closed). A logout is seen within about `pollMs` under traffic, within `maxStaleMs`
 * at worst.
 */
export function watchEndedSessions(options: {
  url: URL;
  pollMs?: number;
  maxStaleMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}): SessionEndedCheck {
  const pollMs = options.pollMs ?? 2000;
  const maxStaleMs = options.maxStaleMs ?? 10_000;
  const now = options.now ?? Date.now;
  const get = options.fetch ?? fetch;
  const ended = new Map<string, number>();
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let since: string | undefined;
  let refreshing: Promise<void> | undefined;

  async function refresh() {
    const url = new URL(options.url);
    if (since) url.searchParams.set("since", since);
    const started = now();
    const response = await get(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(Math.max(1000, Math.min(maxStaleMs, 5000))),
    });
    if (!response.ok) throw new Error(`${url.origin}${url.pathname} answered ${response.status}`);
    const answer = endedSessionsSchema.parse(await response.json());
    const t = now();
    for (const [sid, until] of ended) if (until <= t) ended.delete(sid);
    for (const session of answer.sessions) {
      ended.set(session.sid, Date.parse(session.refuseUntil));
    }
    since = new Date(Date.parse(answer.asOf) - OVERLAP_MS).toISOString();
    fetchedAt = started;
  }

  function startRefresh() {
    refreshing ??= refresh().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  return async (sid) => {
    const age = now() - fetchedAt;
    if (age > maxStaleMs) {
      try {
        await startRefresh();
      } catch {
        throw problems.unavailable(
          {
            vi: "Chưa kiểm tra được phiên đăng nhập với cổng; thử lại sau ít giây",
            en: "The login could not be checked with the gateway; try again shortly",
          },
          Math.ceil(pollMs / 1000),
        );
      }
    } else if (age > pollMs) {
      // Refreshed for the next requests; a failure here is retried by them.
      startRefresh().catch(() => undefined);
    }
    return ended.has(sid);
  };
}

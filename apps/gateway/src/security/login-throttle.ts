import type { LoginFailureStore } from "../data/login-failures.ts";

/** After `free` failures, each further try waits 1 s, 2 s, 4 s, … up to `maxDelaySeconds`. */
export interface DelayRule {
  free: number;
  maxDelaySeconds: number;
}

export interface LoginThrottlePolicy {
  /** Failures against a username from any address: what anyone can make its owner wait. */
  username: DelayRule;
  /** Failures of one address against one username: a guesser's own wait. */
  pair: DelayRule;
  /** Failures of one address against any usernames: password spraying. */
  address: DelayRule;
}

/** A count is forgotten an hour after its last failure. */
const FORGET_AFTER_MS = 60 * 60_000;

/** The wait a count of failures imposes after its last one, in seconds. */
export function delaySeconds(failures: number, rule: DelayRule): number {
  if (failures <= rule.free) return 0;
  return Math.min(rule.maxDelaySeconds, 2 ** (failures - rule.free - 1));
}

/**
 * Growing delays instead of a lock anyone could set off: a wrong password makes the next try of
 * the same username, of the same address, and of both together wait a little longer, each as its
 * own rule says. The owner of an account someone is guessing at waits at most
 * `username.maxDelaySeconds`; the guesser's address waits up to `pair.maxDelaySeconds`. Kept in
 * the database, so that every replica counts the same failures.
 */
export function createLoginThrottle(deps: {
  store: LoginFailureStore;
  policy: LoginThrottlePolicy;
}) {
  const { store, policy } = deps;
  const ids = (username: string, address: string) => ({
    username: `username:${username}`,
    pair: `pair:${username}|${address}`,
    address: `address:${address}`,
  });
  return {
    /** When the next try of `username` from `address` may be made: undefined when now. */
    async retryAt(username: string, address: string, now: Date): Promise<Date | undefined> {
      const keys = ids(username, address);
      const counts = new Map((await store.read(Object.values(keys))).map((c) => [c._id, c]));
      let until = now.getTime();
      for (const kind of ["username", "pair", "address"] as const) {
        const count = counts.get(keys[kind]);
        if (!count || Date.parse(count.lastFailureAt) < now.getTime() - FORGET_AFTER_MS) continue;
        const at =
          Date.parse(count.lastFailureAt) + delaySeconds(count.failures, policy[kind]) * 1000;
        until = Math.max(until, at);
      }
      return until > now.getTime() ? new Date(until) : undefined;
    },
    async failed(username: string, address: string, now: Date) {
      const keys = ids(username, address);
      await store.add(
        [{ _id: keys.username, username }, { _id: keys.pair, username }, { _id: keys.address }],
        now.toISOString(),
        new Date(now.getTime() - FORGET_AFTER_MS).toISOString(),
      );
    },
    /** The right password: the username's counts start again; the address's stays (spraying). */
    async succeeded(username: string, address: string) {
      const keys = ids(username, address);
      await store.remove([keys.username, keys.pair]);
    },
    /** An administrator lets the user try again at once, from anywhere. */
    forgetUsername: (username: string) => store.removeUsername(username),
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

/**
 * Asks `probe` again and again until it gives something (neither `false` nor `undefined` nor
 * `null`) and returns that; fails with "timed out waiting for <what>" after `timeoutMs`. For what
 * a test cannot be told of and must observe: a consumer's effect, a relay's publication.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  what: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<Exclude<T, false | undefined | null>> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const value = await probe();
    if (value !== false && value !== undefined && value !== null) {
      return value as Exclude<T, false | undefined | null>;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

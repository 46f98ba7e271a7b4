import type { SpiedMessage } from "@danvan/testing";

/**
 * What breaks the order of each aggregate's events as they lie on its topic (one partition per
 * key): read in offset order, its versions must first appear as 1, 2, 3, … up to the version it
 * is stored at (`versions`), and a version seen again (a relay's republishing after a crash) must
 * be the same event. A consumer then never meets a version before the one preceding it.
 */
export function orderProblems(messages: SpiedMessage[], versions: Map<string, number>): string[] {
  const problems: string[] = [];
  const byAggregate = Map.groupBy(messages, (m) => m.key ?? "");
  for (const [id, stored] of versions) {
    const seen = new Map<number, string>();
    let last = 0;
    for (const message of byAggregate.get(id) ?? []) {
      const event = message.value as { id?: string; aggregateversion?: number };
      const version = event.aggregateversion ?? 0;
      const first = seen.get(version);
      if (first !== undefined) {
        if (first !== event.id) problems.push(`${id}: two events at version ${version}`);
        continue;
      }
      if (version !== last + 1) {
        problems.push(`${id}: version ${version} after ${last} (offset ${message.offset})`);
      }
      last = Math.max(last, version);
      seen.set(version, event.id ?? "");
    }
    if (last !== stored)
      problems.push(`${id}: stored at version ${stored}, published up to ${last}`);
  }
  return problems;
}

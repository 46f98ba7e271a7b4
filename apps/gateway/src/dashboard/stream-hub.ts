import type { Change, ChangeFeed } from "./change-feed.ts";

/** What a stream writes to: an HTTP response. */
interface Sink {
  write(chunk: string): unknown;
  /** Ended (at shutdown, before its request closes): nothing more is written to it. */
  readonly writableEnded: boolean;
}

/** A change as a server-sent event. */
function messageOf(change: Change): string {
  if (change.kind === "figures") {
    const { unitCode: unit, period, asOf } = change;
    return `event: figures\ndata: ${JSON.stringify({ unit, period, asOf })}\n\n`;
  }
  const { _id, ...alert } = change.alert;
  return `event: alert\ndata: ${JSON.stringify({ id: _id, ...alert })}\n\n`;
}

/** Which pending event a newer one replaces: a figure's (its unit and period), or none. */
const slotOf = (change: Change) =>
  change.kind === "figures"
    ? `figures|${change.unitCode}|${change.period}`
    : `alert|${change.alert._id}`;

/**
 * The open server-sent event streams of this replica, fed by the change feed. Each change is
 * serialised once for every stream that may read it. Writes are grouped: a stream is written at
 * once when nothing was written for `flushEveryMs`, else with everything that came meanwhile at
 * the end of that interval — under load each stream costs one write per interval, not one per
 * change (a socket write each), and a quiet dashboard hears of a change at once. A figure that
 * changed again meanwhile is sent once, as it is now (a dashboard reloads it either way).
 */
export function createStreamHub(feed: ChangeFeed, options: { flushEveryMs?: number } = {}) {
  const flushEveryMs = options.flushEveryMs ?? 25;
  const streams = new Set<{
    sink: Sink;
    accepts: (change: Change) => boolean;
    pending: Map<string, string>;
  }>();
  let lastFlush = Number.NEGATIVE_INFINITY;
  let scheduled = false;

  function flush() {
    scheduled = false;
    lastFlush = performance.now();
    for (const stream of streams) {
      if (stream.pending.size === 0 || stream.sink.writableEnded) continue;
      stream.sink.write([...stream.pending.values()].join(""));
      stream.pending.clear();
    }
  }

  feed.subscribe((change) => {
    let message: string | undefined;
    let slot: string | undefined;
    for (const stream of streams) {
      if (!stream.accepts(change)) continue;
      message ??= messageOf(change);
      slot ??= slotOf(change);
      stream.pending.set(slot, message);
    }
    if (message === undefined || scheduled) return;
    scheduled = true;
    const wait = lastFlush + flushEveryMs - performance.now();
    if (wait > 0) setTimeout(flush, wait);
    else setImmediate(flush);
  });

  return {
    /** Writes to `sink` the changes `accepts` lets through, until the returned function is called. */
    open(sink: Sink, accepts: (change: Change) => boolean): () => void {
      const stream = { sink, accepts, pending: new Map<string, string>() };
      streams.add(stream);
      return () => streams.delete(stream);
    },
  };
}

import { describe, expect, it } from "vitest";
import type { Change, ChangeFeed } from "../../src/dashboard/change-feed.ts";
import { createStreamHub } from "../../src/dashboard/stream-hub.ts";

// Streams are written at once when quiet, and in one write per interval under load.
function fakeFeed() {
  const listeners = new Set<(change: Change) => void>();
  const feed = {
    subscribe(listener: (change: Change) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as ChangeFeed;
  const emit = (change: Change) => {
    for (const listener of listeners) listener(change);
  };
  return { feed, emit };
}
const alert = (id: string, unitCode: string): Change => ({
  kind: "alert",
  alert: {
    _id: id,
    kind: "petition-overdue",
    unitCode,
    at: "2026-12-03T01:00:00.000Z",
    subject: id,
    title: id,
  },
});
const sink = () => {
  const writes: string[] = [];
  return { writes, write: (chunk: string) => writes.push(chunk), writableEnded: false };
};
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the stream hub", () => {
  it("writes a change at once to each stream that accepts it, serialised as an event", async () => {
    const { feed, emit } = fakeFeed();
    const hub = createStreamHub(feed, { flushEveryMs: 1000 });
    const mine = sink();
    const other = sink();
    hub.open(mine, (c) => c.kind === "alert" && c.alert.unitCode === "00004");
    hub.open(other, (c) => c.kind === "alert" && c.alert.unitCode === "00082");
    emit(alert("a-1", "00004"));
    await tick();
    expect(mine.writes).toEqual([
      `event: alert\ndata: ${JSON.stringify({ id: "a-1", kind: "petition-overdue", unitCode: "00004", at: "2026-12-03T01:00:00.000Z", subject: "a-1", title: "a-1" })}\n\n`,
    ]);
    expect(other.writes).toEqual([]);
  });

  it("groups what comes within the interval after a write into one write", async () => {
    const { feed, emit } = fakeFeed();
    const hub = createStreamHub(feed, { flushEveryMs: 50 });
    const stream = sink();
    hub.open(stream, () => true);
    emit(alert("a-1", "00004"));
    await tick();
    emit(alert("a-2", "00004"));
    emit(alert("a-3", "00004"));
    await tick();
    expect(stream.writes).toHaveLength(1);
    await tick(80);
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[1]).toContain('"id":"a-2"');
    expect(stream.writes[1]).toContain('"id":"a-3"');
  });

  it("sends a figure that changed again within the interval once, as it is now", async () => {
    const { feed, emit } = fakeFeed();
    const hub = createStreamHub(feed, { flushEveryMs: 50 });
    const stream = sink();
    hub.open(stream, () => true);
    const figures = (unitCode: string, asOf: string): Change => ({
      kind: "figures",
      unitCode,
      period: "2026-12",
      asOf,
      stored: { id: `${unitCode}|2026-12`, revision: 1 },
    });
    emit(figures("00004", "2026-12-03T01:00:00.000Z"));
    await tick();
    emit(figures("00004", "2026-12-03T01:00:00.010Z"));
    emit(figures("00082", "2026-12-03T01:00:00.015Z"));
    emit(figures("00004", "2026-12-03T01:00:00.020Z"));
    await tick(80);
    expect(stream.writes).toHaveLength(2);
    const second = stream.writes[1] as string;
    expect(second.match(/event: figures/g)).toHaveLength(2);
    expect(second).toContain('"unit":"00004","period":"2026-12","asOf":"2026-12-03T01:00:00.020Z"');
    expect(second).not.toContain("01:00:00.010Z");
    expect(second).toContain('"unit":"00082"');
  });

  it("writes nothing to a stream once closed or ended", async () => {
    const { feed, emit } = fakeFeed();
    const hub = createStreamHub(feed, { flushEveryMs: 0 });
    const closed = sink();
    const ended = sink();
    hub.open(closed, () => true)();
    hub.open(ended, () => true);
    ended.writableEnded = true;
    emit(alert("a-1", "00004"));
    await tick(10);
    expect(closed.writes).toEqual([]);
    expect(ended.writes).toEqual([]);
  });
});

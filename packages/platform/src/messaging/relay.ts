import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../log/index.ts";
import type { AggregateDocument } from "../mongo/aggregate-repository.ts";
import { bulkWriteInSlices } from "../mongo/bulk.ts";
import type { Collection } from "../mongo/connection.ts";
import { isDuplicateKey } from "../mongo/errors.ts";
import type { Telemetry } from "../telemetry/index.ts";
import type { EventProducer } from "./producer.ts";

export interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: Date;
}

export interface OutboxRelayOptions {
  /** The aggregate collections whose documents carry outboxes. */
  collections: Collection<AggregateDocument>[];
  /** Where the lease lives that lets one replica publish at a time. */
  leases: Collection<LeaseDocument>;
  producer: EventProducer;
  logger: Logger;
  telemetry?: Telemetry;
  /** This replica's name in the lease; host, pid and random bytes by default. */
  holder?: string;
  leaseName?: string;
  /** The fallback poll when nobody wakes the relay (after a crash, or another replica's writes). */
  pollIntervalMs?: number;
  leaseMs?: number;
  /** Documents per collection per cycle. */
  batchSize?: number;
  /** Observation and fault-injection points. */
  hooks?: {
    /** After a batch is on Kafka and before it is removed from the outboxes. */
    afterPublish?: (eventIds: string[]) => Promise<void> | void;
  };
}

export interface OutboxRelay {
  start(): void;
  /**
   * Publish now: called after every write, with the collection written (the cycle then looks
   * only there); without one, every collection.
   */
  wake(collectionName?: string): void;
  /** One cycle if this replica holds the lease; the number of events published. */
  runOnce(): Promise<number>;
  /** Publishes until no outbox holds events; false if the time ran out first. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Stops the loop and hands the lease over at once. */
  stop(): Promise<void>;
  isLeader(): boolean;
}

/**
 * Publishes the events waiting in aggregate documents (docs/architecture.md §5): each document's events
 * in order, many documents per request, then `$pullAll` of exactly what was published. A crash
 * between the two republishes the same events, which consumers recognise by id and version.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const holder = options.holder ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const leaseName = options.leaseName ?? "outbox-relay";
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? 15_000;
  const batchSize = options.batchSize ?? 100;
  const { logger, producer, leases } = options;

  let leader = false;
  /** When the lease we hold runs out (ms); renewed once less than half of it is left. */
  let leaseUntil = 0;
  /** The backlog gauge is refreshed now and then, not on every cycle (three counts each). */
  let backlogCountedAt = 0;
  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  let wakeUp: (() => void) | undefined;
  let wakeRequested = false;

  // One cycle at a time: the loop and flush() must not publish the same documents together.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => {});
    return next;
  };

  async function acquireLease(): Promise<boolean> {
    const now = new Date();
    // Still ours for more than half a lease: no write needed. A cycle that would outlast it is
    // no likelier than before, when each cycle renewed first: either way the lease must cover it.
    if (leader && leaseUntil - now.getTime() > leaseMs / 2) return true;
    try {
      await leases.findOneAndUpdate(
        { _id: leaseName, $or: [{ holder }, { expiresAt: { $lt: now } }] },
        { $set: { holder, expiresAt: new Date(now.getTime() + leaseMs) } },
        { upsert: true },
      );
      if (!leader) logger.info({ holder }, "outbox relay took the lease");
      leader = true;
      leaseUntil = now.getTime() + leaseMs;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      leader = false;
    }
    return leader;
  }

  /** Publishes up to a batch of a collection's pending documents: events published, and whether
   * the batch was full (so more may wait). */
  async function publishCollection(
    collection: Collection<AggregateDocument>,
  ): Promise<{ events: number; full: boolean }> {
    // In no order across documents: the order that matters is within an aggregate, which its
    // document's outbox keeps. Unsorted, FerretDB reads only a batch of the pending documents
    // (docs/decisions/0007), not every one of them, however many a broker outage left.
    const docs = await collection
      .find({ outboxPendingSince: { $exists: true } }, { projection: { outbox: 1 } })
      .limit(batchSize)
      .toArray();
    const full = docs.length === batchSize;
    if (docs.length === 0) return { events: 0, full };
    const withEvents = docs.filter((d) => (d.outbox?.length ?? 0) > 0);
    const entries = withEvents.flatMap((d) => d.outbox);
    if (entries.length > 0) {
      // A cycle may outlast the lease (a slow broker): publish only while still the holder, so
      // two replicas never publish one aggregate's events side by side.
      if (!(await acquireLease())) return { events: 0, full: false };
      await producer.publish(entries);
      for (const entry of entries) options.telemetry?.eventsPublished.inc({ topic: entry.topic });
      await options.hooks?.afterPublish?.(entries.map((e) => e.id));
      // Each published document is rewritten once: a document whose outbox still holds as many
      // events as were read gained none meanwhile (only writes append, only the lease holder
      // removes), so its outbox is emptied and its marker dropped in one statement.
      const emptied = await bulkWriteInSlices(
        collection,
        withEvents.map((d) => ({
          updateOne: {
            filter: { _id: d._id, outbox: { $size: d.outbox.length } },
            update: { $set: { outbox: [] }, $unset: { outboxPendingSince: "" } },
          },
        })),
      );
      if (emptied === withEvents.length && withEvents.length === docs.length) {
        return { events: entries.length, full };
      }
      // Some gained events while being published: take out what was published, keep the rest.
      await bulkWriteInSlices(
        collection,
        withEvents.map((d) => ({
          updateOne: {
            filter: { _id: d._id, outboxPendingSince: { $exists: true } },
            update: { $pullAll: { outbox: d.outbox } },
          },
        })),
      );
    }
    // Documents whose outbox is now empty stop being pending; one that gained events meanwhile
    // keeps its marker and is published next cycle.
    await collection.updateMany(
      { _id: { $in: docs.map((d) => d._id) }, outbox: { $size: 0 } },
      { $unset: { outboxPendingSince: "" } },
    );
    return { events: entries.length, full };
  }

  async function countPending(): Promise<number> {
    let pending = 0;
    for (const collection of options.collections) {
      const count = await collection.countDocuments({ outboxPendingSince: { $exists: true } });
      options.telemetry?.outboxBacklog.set({ collection: collection.collectionName }, count);
      pending += count;
    }
    return pending;
  }

  /** One cycle over the given collections; events published, and the collections with more. */
  const cycle = (collections: readonly Collection<AggregateDocument>[]) =>
    exclusive(async () => {
      const more: Collection<AggregateDocument>[] = [];
      if (!(await acquireLease())) return { published: 0, more };
      let published = 0;
      for (const collection of collections) {
        const result = await publishCollection(collection);
        published += result.events;
        if (result.full) more.push(collection);
      }
      if (published > 0) logger.debug({ published }, "outbox relay published events");
      if (Date.now() - backlogCountedAt > 5000) {
        backlogCountedAt = Date.now();
        await countPending();
      }
      return { published, more };
    });

  const runOnce = async () => (await cycle(options.collections)).published;

  /**
   * The collections a wake-up named since the loop last looked: a write wakes the relay for its
   * own collection, so a cycle does not query the others (each query waits in the database's
   * queue like every request). A wake-up without a name, and the fallback poll, mean all.
   */
  const woken = new Set<Collection<AggregateDocument>>();
  function markWoken(collectionName?: string) {
    const named = options.collections.find((c) => c.collectionName === collectionName);
    if (named) woken.add(named);
    else for (const collection of options.collections) woken.add(collection);
  }
  function takeWoken(): Collection<AggregateDocument>[] {
    const taken = options.collections.filter((c) => woken.has(c));
    woken.clear();
    wakeRequested = false;
    return taken;
  }

  function waitForWake(ms: number): Promise<void> {
    if (wakeRequested) {
      wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function loop() {
    let failures = 0;
    markWoken(); // a start looks everywhere: events may wait from before
    while (running) {
      const collections = takeWoken();
      try {
        const { more } = await cycle(collections);
        failures = 0;
        // A full batch leaves more to publish at once; a write meanwhile has woken its own.
        for (const collection of more) woken.add(collection);
        if (woken.size > 0) continue;
      } catch (error) {
        failures++;
        for (const collection of collections) woken.add(collection);
        logger.error({ err: error, failures }, "outbox relay cycle failed; retrying");
        // A wake-up (or stop) cuts the backoff short: stop() must not wait out a 10 s pause.
        await waitForWake(Math.min(200 * 2 ** Math.min(failures, 6), 10_000));
        continue;
      }
      await waitForWake(pollIntervalMs);
      // Not woken: the fallback poll, for what other replicas wrote or a crash left.
      if (woken.size === 0) markWoken();
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    wake(collectionName) {
      markWoken(collectionName);
      if (wakeUp) wakeUp();
      else wakeRequested = true;
    },
    runOnce,
    async flush(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const published = await runOnce().catch((error: unknown) => {
          logger.warn({ err: error }, "outbox relay flush cycle failed");
          return 0;
        });
        if ((await countPending()) === 0) return true;
        // Another replica may hold the lease and publish our events; give it a moment.
        if (published === 0) await sleep(100);
      }
      return false;
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loopDone;
      await chain;
      if (leader) {
        await leases
          .updateOne({ _id: leaseName, holder }, { $set: { expiresAt: new Date(0) } })
          .catch(() => {});
        leader = false;
      }
    },
    isLeader: () => leader,
  };
}

import type { DanvanEvent } from "@danvan/contracts";
import { catalog } from "@danvan/contracts";
import type { Logger } from "@danvan/platform/log";
import type { KafkaClient } from "@danvan/platform/messaging";
import { fetchTopicOffsets } from "@danvan/platform/messaging";
import type { Collection, Database } from "@danvan/platform/mongo";
import { bulkWriteInSlices } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import type { AnyBulkWriteOperation } from "mongodb";
import { activeReadModels, READ_MODELS_FORMAT } from "./active-read-side.ts";
import type { FiguresDocument } from "./figures.ts";
import {
  applyDelta,
  contributionOf,
  petitionDelta,
  receptionMissDelta,
  sessionDelta,
} from "./figures.ts";
import { createFiguresChanges } from "./figures-writer.ts";
import { createReadSide } from "./read-side.ts";
import type { Fold } from "./records.ts";
import { createFold, monthInstant, projectedTopics } from "./records.ts";

const READ_MODEL_COLLECTIONS = [
  "petition_views",
  "session_views",
  "reception_misses",
  "alerts",
  "figures",
  "projection_journal",
];

export interface RebuildReport {
  prefix: string;
  events: number;
  petitions: number;
  figures: number;
  /** Events applied one by one after the bulk load, until the switch. */
  caughtUp: number;
  /** From the start to the switch: how long the rebuild took before the fresh set served. */
  switchedAfterMs: number;
  /** Where that time went: reading and folding, the bulk writes, catching up and switching. */
  phasesMs: { read: number; write: number; catchUp: number };
}

/**
 * Rebuilds the read models from the topics while the current ones keep serving (README,
 * "Rebuild"): reads every event up to the end offsets of the moment into memory, folds it (newest
 * snapshot per aggregate, alerts and misses by id, figures with the same function the live side
 * uses), writes a fresh set of collections in bulk, then applies the events that arrived meanwhile
 * (those that came during the bulk writes once these are done) until it reaches the topics' ends
 * of that moment, and switches every replica to the fresh set. It then applies everything
 * published before the switch: a replica's projection that wrote a batch to the old set had read
 * the settings before the switch, so the batch was published before it (`ActiveReadSide.handle`);
 * one that read them after applies the batch to the fresh set itself. Then it keeps applying for
 * a grace period (dashboards still read the old set until they notice), and drops the old set.
 */
export async function rebuildReadModels(options: {
  database: Database;
  /** Under the topic prefix of the gateway it rebuilds for. */
  kafka: KafkaClient;
  calendar: WorkingDayCalendar;
  logger: Logger;
  /** Called as events are read: done and total. */
  progress?: (done: number, total: number) => void;
  /** How long to keep applying events, and the old set, once what preceded the switch is in. */
  graceMs?: number;
  now?: () => Date;
}): Promise<RebuildReport> {
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const prefix = `rb${now().getTime()}_`;
  const fresh = await createReadSide({
    database: options.database,
    calendar: () => options.calendar,
    prefix,
    now,
  });

  // 1. Where the topics end now: the bulk phase reads up to here.
  const topics = projectedTopics.map((name) => options.kafka.qualify(name));
  const admin = options.kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  let total = 0;
  for (const topic of topics) {
    for (const p of await fetchTopicOffsets(admin, topic)) {
      const high = BigInt(p.high);
      const low = BigInt(p.low);
      if (high > low) {
        ends.set(`${topic}:${p.partition}`, high);
        total += Number(high - low);
      }
    }
  }

  // 2. Read and fold.
  const fold = createFold();

  const group = options.kafka.qualify(`gateway-rebuild-${prefix}`);
  const consumer = options.kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
  let read = 0;
  let caughtUp = 0;
  let bulk = true;
  const done = new Set<string>();
  /** Per partition: the offset after the last message handled. */
  const positions = new Map<string, bigint>();
  let bulkDone: () => void = () => {};
  const bulkFinished = new Promise<void>((resolve) => {
    bulkDone = resolve;
  });
  if (ends.size === 0) bulkDone();
  let failure: unknown;
  /**
   * Arrived while the bulk phase runs (a partition's share read, another's not yet): applied
   * once the bulk writes are done, which would otherwise meet their documents already there.
   */
  const arrivedDuringBulk: DanvanEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, heartbeat }) => {
      try {
        const key = `${batch.topic}:${batch.partition}`;
        const arrivedLater: DanvanEvent[] = [];
        for (const message of batch.messages) {
          let envelope: DanvanEvent | undefined;
          try {
            envelope = catalog.parse(JSON.parse(message.value?.toString() ?? "")).envelope;
          } catch {
            envelope = undefined; // what the live group dead-letters, the rebuild passes over
          }
          const offset = BigInt(message.offset);
          const end = ends.get(key);
          if (bulk && end !== undefined && offset < end) {
            if (envelope) fold.add(envelope);
            read += 1;
            if (read % 1000 === 0) options.progress?.(read, total);
            if (offset + 1n >= end) {
              done.add(key);
              if (done.size === ends.size) bulkDone();
            }
          } else if (envelope) {
            arrivedLater.push(envelope);
          }
        }
        // Arrived after the bulk phase began: applied as the live group applies them (in any
        // order across batches: views are version-gated and figures add differences).
        if (bulk) {
          arrivedDuringBulk.push(...arrivedLater);
        } else if (arrivedLater.length > 0) {
          // A writer per partition, as the live group's.
          await fresh.handle(arrivedLater, `rebuild|${key}`);
          caughtUp += arrivedLater.length;
        }
        const last = batch.messages.at(-1);
        if (last) positions.set(key, BigInt(last.offset) + 1n);
        await heartbeat();
      } catch (error) {
        failure = error;
        throw error;
      }
    },
  });

  try {
    await bulkFinished;
    const readAt = performance.now();
    options.progress?.(read, total);
    // 3. Write the fold in bulk.
    await insertAll(fresh.store.petitions, [...fold.petitions.values()]);
    await insertAll(fresh.store.sessions, [...fold.sessions.values()]);
    await insertAll(fresh.store.receptionMisses, [...fold.misses.values()]);
    const recordedAt = Date.now();
    await insertAll(
      fresh.store.alerts,
      [...fold.alerts.values()].map((alert) => ({ ...alert, recordedAt })),
    );
    const figures = foldFigures(fold, options.calendar, now());
    await insertAll(fresh.figures, figures);
    bulk = false;
    const held = arrivedDuringBulk.splice(0);
    if (held.length > 0) {
      await fresh.handle(held, "rebuild|held");
      caughtUp += held.length;
    }
    const writtenAt = performance.now();

    // 4. Catch up, switch, keep applying for the grace period, drop the old set.
    await waitForNoLag(admin, topics, positions);
    const settings = activeReadModels(options.database);
    const old = (await settings.findOne({ _id: "read-models" }))?.prefix ?? "";
    await settings.updateOne(
      { _id: "read-models" },
      { $set: { prefix, since: now().toISOString(), format: READ_MODELS_FORMAT } },
      { upsert: true },
    );
    const switchedAt = performance.now();
    await waitForNoLag(admin, topics, positions).catch((error) => {
      throw new Error(
        "the fresh read models serve, but what was published before the switch could not be applied within a minute: run the rebuild again",
        { cause: error },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, options.graceMs ?? 3000));
    if (failure) throw failure;
    for (const name of READ_MODEL_COLLECTIONS) {
      await options.database
        .collection(`${old}${name}`)
        .drop()
        .catch(() => false);
    }
    return {
      prefix,
      events: read,
      petitions: fold.petitions.size,
      figures: figures.length,
      caughtUp,
      switchedAfterMs: switchedAt - started,
      phasesMs: {
        read: readAt - started,
        write: writtenAt - readAt,
        catchUp: switchedAt - writtenAt,
      },
    };
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([group]).catch(() => {});
    await admin.disconnect();
  }
}

/** Inserts fresh documents, in commands FerretDB can take. */
function insertAll<T extends { _id: string }>(collection: Collection<T>, documents: T[]) {
  return bulkWriteInSlices(
    collection,
    documents.map((document) => ({ insertOne: { document } }) as AnyBulkWriteOperation<T>),
  );
}

/**
 * Until every partition's handled position reaches what the topics held when the wait began.
 * Not what they hold at the end: under steady traffic the end keeps moving.
 */
async function waitForNoLag(
  admin: ReturnType<KafkaClient["admin"]>,
  topics: string[],
  positions: ReadonlyMap<string, bigint>,
) {
  /** Per partition: its end now, and its start (where a partition nothing was read from is). */
  const marks: { key: string; end: bigint; start: bigint }[] = [];
  for (const topic of topics) {
    for (const p of await fetchTopicOffsets(admin, topic)) {
      marks.push({ key: `${topic}:${p.partition}`, end: BigInt(p.high), start: BigInt(p.low) });
    }
  }
  for (let attempt = 0; attempt < 600; attempt++) {
    if (marks.every((m) => (positions.get(m.key) ?? m.start) >= m.end)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the rebuild could not catch up with the topics within a minute");
}

/**
 * Every unit × period's figures from the folded read models: each view's contribution added as
 * the live side adds it (the same delta functions and sums), so the result equals the live figures.
 */
function foldFigures(fold: Fold, calendar: WorkingDayCalendar, startedAt: Date): FiguresDocument[] {
  const changes = createFiguresChanges();
  for (const p of fold.petitions.values()) {
    changes.add(p.unitCode, p.receivedAt, petitionDelta(undefined, contributionOf(p, calendar)));
  }
  for (const s of fold.sessions.values()) {
    changes.add(s.unitCode, s.scheduledAt, sessionDelta(s.status, 1));
  }
  for (const m of fold.misses.values()) {
    changes.add(m.unitCode, monthInstant(m.month), receptionMissDelta, true);
  }
  return changes.list().map((change) => {
    const document = {
      _id: change.id,
      unitCode: change.unitCode,
      period: change.period,
      revision: 1,
      version: startedAt.getTime(),
      asOf: startedAt.toISOString(),
    };
    applyDelta(document, change.delta);
    return document as unknown as FiguresDocument;
  });
}

import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { consumerGroupTopics } from "@danvan/contracts";
import type { LocalSettings } from "@danvan/infra/local";
import { down, readSettings, up } from "@danvan/infra/local";
import { loadConfig } from "@danvan/platform/config";
import { createLogger } from "@danvan/platform/log";
import type {
  ConsumerRunner,
  EventProducer,
  KafkaClient,
  LeaseDocument,
  OutboxRelay,
} from "@danvan/platform/messaging";
import {
  createConsumerRunner,
  createEventProducer,
  createKafkaClient,
  createOutboxRelay,
  ensureTopics,
} from "@danvan/platform/messaging";
import type { AggregateDocument, Database } from "@danvan/platform/mongo";
import { connectDatabase, ensureOutboxIndex } from "@danvan/platform/mongo";
import { connectServiceRuntime } from "@danvan/platform/service";
import { createTokenIssuer, EventSpy, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NoteView } from "./fixtures/notes.ts";
import { noteRegistry, notesRepository, noteViewHandler, testEvents } from "./fixtures/notes.ts";
import { assembleNoticeBoard, configSchema } from "./sample-service/assemble.ts";

// Issue test 3: the broker stops for 20 s in the middle of a burst of 2,000 writes, then starts
// again. Every event arrives and none is applied twice. Broker and database are this file's own
// (a private infra/local on ports of its own), so stopping one disturbs no other test file.
const OUTAGE_MS = 20_000;
const NOTES = 200;
const REVISIONS = 9; // 200 creates + 1,800 revisions = 2,000 events

const scope = testScope("broker-outage");
let settings: LocalSettings;
let brokers: string[];
let stateDir: string;
let database: Database;
let kafka: KafkaClient;
let producer: EventProducer;
let relay: OutboxRelay;
let runner: ConsumerRunner;
const applied = new Map<string, number>();
/** The kit's sample service, on the same broker: its outbox must ride out the outage too. */
let board: Awaited<ReturnType<typeof assembleNoticeBoard>>;
let boardRuntime: Parameters<typeof assembleNoticeBoard>[0];
let boardServer: Server;
let postNotice: (title: string) => Promise<{ status: number; id: string }>;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "danvan-outage-"));
  settings = readSettings({
    ...process.env,
    DANVAN_INFRA_MODE: "processes",
    DANVAN_STATE_DIR: stateDir,
    DANVAN_KAFKA_PORT: "19592",
    DANVAN_KAFKA_CONTROLLER_PORT: "19593",
    DANVAN_MONGO_PORT: "19517",
  });
  const { endpoints } = await up({ settings });
  brokers = endpoints.kafkaBrokers;
  const group = `${scope.topicPrefix}.outage-view`;
  await ensureTopics(
    createKafkaClient({
      clientId: "outage-topics",
      brokers: endpoints.kafkaBrokers,
      topicPrefix: scope.topicPrefix,
    }),
    [
      { name: "notes.note.events", partitions: 3, retention: "forever", description: "test" },
      { name: "noticeboard.notice.events", partitions: 1, retention: "forever", description: "t" },
      ...consumerGroupTopics("outage-view"),
    ],
  );

  const logger = createLogger({ service: "outage-test", level: process.env.LOG_LEVEL ?? "silent" });
  // Its own database too: a 2,000-write burst on the shared one (one request at a time behind the
  // serializer) would starve every other test file running beside it.
  database = await connectDatabase(endpoints.mongoUrl, scope.databaseName);
  const notes = database.collection<AggregateDocument>("notes");
  await ensureOutboxIndex(notes);
  kafka = createKafkaClient({ clientId: "outage-test", brokers: endpoints.kafkaBrokers });
  producer = createEventProducer(kafka);
  await producer.connect();
  relay = createOutboxRelay({
    collections: [notes],
    leases: database.collection<LeaseDocument>("leases"),
    producer,
    logger,
    pollIntervalMs: 200,
  });
  relay.start();
  runner = createConsumerRunner({
    kafka,
    group,
    topics: [`${scope.topicPrefix}.notes.note.events`],
    registry: noteRegistry,
    handle: noteViewHandler(database.collection<NoteView>("views"), {
      onApplied: (id) => applied.set(id, (applied.get(id) ?? 0) + 1),
    }),
    producer,
    logger,
    sessionTimeoutMs: 10_000,
    retry: { maxDelayMs: 2000 },
  });
  await runner.start();

  const tokens = await createTokenIssuer();
  boardRuntime = await connectServiceRuntime({
    name: "noticeboard",
    logger,
    config: loadConfig(configSchema, {
      MONGO_URL: endpoints.mongoUrl,
      MONGO_DATABASE: `${scope.databaseName}_board`,
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(","),
      TOPIC_PREFIX: scope.topicPrefix,
      JWT_ISSUER: tokens.issuer,
      JWT_JWKS_URL: "http://127.0.0.1:9/never-fetched",
      OUTBOX_POLL_MS: "200",
    }),
  });
  board = await assembleNoticeBoard(boardRuntime, { verify: tokens.verify });
  await board.start();
  boardServer = board.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => boardServer.once("listening", resolve));
  const token = await tokens.sign({ roles: ["commune_officer"], units: ["00004"] });
  postNotice = async (title) => {
    const port = (boardServer.address() as AddressInfo).port;
    const response = await fetch(`http://127.0.0.1:${port}/notices`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ unitCode: "00004", title }),
    });
    return { status: response.status, id: ((await response.json()) as { id: string }).id };
  };
});

afterAll(async () => {
  try {
    await new Promise((resolve) => boardServer?.close(resolve));
    await board?.stop();
    await boardRuntime?.database.connection.dropDatabase();
    await boardRuntime?.close();
    await runner?.stop().catch(() => {});
    await relay?.stop();
    await producer?.disconnect().catch(() => {});
    await database?.connection.dropDatabase();
    await database?.close();
  } finally {
    // Whatever failed above, the private broker and database must not outlive the file.
    await down({ settings });
    await rm(stateDir, { recursive: true, force: true });
  }
});

describe("a broker outage during a burst of writes", () => {
  it("delivers every event once the broker is back, and applies none twice", {
    timeout: 300_000,
  }, async () => {
    const notes = notesRepository(database.collection<AggregateDocument>("notes"), (name) =>
      relay.wake(name),
    );
    const topic = `${scope.topicPrefix}.notes.note.events`;
    const eventIds: string[] = [];
    let written = 0;
    let outage: Promise<void> | undefined;
    const notices: { status: number; id: string }[] = [];

    const write = async (n: number, revision: number) => {
      const id = `note-${n}`;
      if (revision === 0) {
        const event = testEvents.written(id, "r0");
        await notes.create(id, { text: "r0", unitCode: "00004" }, [{ topic, envelope: event }]);
        eventIds.push(event.id);
      } else {
        const event = testEvents.revised(id, revision + 1, `r${revision}`);
        await notes.update(id, revision, { text: `r${revision}` }, [{ topic, envelope: event }]);
        eventIds.push(event.id);
      }
      written++;
      // A quarter into the burst, the broker goes away for 20 s while the writes go on.
      if (written === 500) {
        outage = (async () => {
          await down({ settings, only: ["kafka"] });
          // The sample service keeps accepting while the broker is away: its events wait.
          for (let i = 0; i < 5; i++) notices.push(await postNotice(`Thông báo ${i}`));
          await sleep(OUTAGE_MS);
          await up({ settings });
        })();
      }
    };

    for (let revision = 0; revision <= REVISIONS; revision++) {
      for (let n = 0; n < NOTES; n += 20) {
        await Promise.all(Array.from({ length: 20 }, (_, i) => write(n + i, revision)));
      }
    }
    expect(written).toBe(2000);
    expect(outage).toBeDefined();
    await outage;

    // Every note's view reaches its last revision…
    const views = database.collection<NoteView>("views");
    const diagnosis = async () => {
      const admin = kafka.admin();
      await admin.connect();
      const ends = await admin.fetchTopicOffsets(topic);
      const committed = await admin.fetchOffsets({
        groupId: `${scope.topicPrefix}.outage-view`,
        topics: [topic],
      });
      await admin.disconnect();
      const pending = await database
        .collection("notes")
        .countDocuments({ outboxPendingSince: { $exists: true } });
      return JSON.stringify({
        current: await views.countDocuments({ version: REVISIONS + 1 }),
        unpublished: pending,
        consumerReady: runner.isReady(),
        topicEnds: ends.map((p) => p.high),
        committed: committed[0]?.partitions.map((p) => p.offset),
      });
    };
    const deadline = Date.now() + 180_000;
    while ((await views.countDocuments({ version: REVISIONS + 1 })) < NOTES) {
      if (Date.now() > deadline)
        throw new Error(`the read model did not catch up: ${await diagnosis()}`);
      await sleep(250);
    }
    expect(await relay.flush(30_000)).toBe(true);
    expect(notices.map((n) => n.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await board.outbox.relay.flush(30_000)).toBe(true);
    const boardSpy = await EventSpy.start(brokers, [
      `${scope.topicPrefix}.noticeboard.notice.events`,
    ]);
    try {
      const posted = await boardSpy.waitForCount(() => true, 5, { description: "the notices" });
      expect(new Set(posted.map((m) => m.key))).toEqual(new Set(notices.map((n) => n.id)));
    } finally {
      await boardSpy.stop();
    }

    // …every event reached Kafka, and the version gate applied each at most once.
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBeGreaterThanOrEqual(2000);
    expect([...applied.values()].filter((count) => count > 1)).toEqual([]);
    expect(new Set(eventIds).size).toBe(2000);
    const lastIds = new Set((await views.find().toArray()).map((v) => v.lastEventId as string));
    expect(lastIds.size).toBe(NOTES);
    for (const id of lastIds) expect(applied.get(id)).toBe(1);
  });
});

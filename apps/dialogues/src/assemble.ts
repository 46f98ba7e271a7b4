import type { ReadinessCheck, TokenVerifier } from "@danvan/platform/http";
import { readiness } from "@danvan/platform/http";
import type { Logger } from "@danvan/platform/log";
import type { KafkaClient, LeaseDocument } from "@danvan/platform/messaging";
import { createEventProducer, createOutboxRelay } from "@danvan/platform/messaging";
import type { Database } from "@danvan/platform/mongo";
import type { Telemetry } from "@danvan/platform/telemetry";
import { createApp } from "./app.ts";
import { createPetitionService } from "./application/petitions.ts";
import { createSessionService } from "./application/sessions.ts";
import type { Config } from "./config.ts";
import { createHolidayTableSource } from "./data/holiday-table.ts";
import { createPetitionStore } from "./data/petitions.ts";
import { createReceptionStore } from "./data/receptions.ts";
import { createSessionStore } from "./data/sessions.ts";
import type { DeadlinePolicy } from "./domain/petition/index.ts";
import { createDeadlineJob } from "./jobs/deadlines.ts";
import { createReceptionCheck } from "./jobs/reception-check.ts";

/**
 * The dialogues service's parts wired together on a database and a broker, without listening or
 * running jobs: main.ts serves it and calls `start()`; tests (this service's and the gateway's
 * end-to-end ones) assemble replicas in-process, with a clock of their own.
 */
export async function assembleDialogues(options: {
  config: Config;
  database: Database;
  kafka: KafkaClient;
  verify: TokenVerifier;
  logger: Logger;
  telemetry: Telemetry;
  /** Extra readiness checks (shutting down, …) beside the database and Kafka. */
  readiness?: ReadinessCheck[];
  now?: () => Date;
  /** The relay's fallback poll; its writes wake it at once anyway. */
  relayPollMs?: number;
}) {
  const { config, database, logger } = options;
  const now = options.now ?? (() => new Date());
  const producer = createEventProducer(options.kafka);
  const wake = (collectionName: string) => relay.wake(collectionName);
  const petitionStore = await createPetitionStore(database, wake);
  const sessionStore = await createSessionStore(database, wake);
  const receptionStore = await createReceptionStore(database, sessionStore.collection, wake);
  const relay = createOutboxRelay({
    collections: [
      petitionStore.collection,
      sessionStore.collection,
      receptionStore.obligationCollection,
    ],
    leases: database.collection<LeaseDocument>("leases"),
    producer,
    logger,
    telemetry: options.telemetry,
    ...(options.relayPollMs !== undefined ? { pollIntervalMs: options.relayPollMs } : {}),
  });

  const policy: DeadlinePolicy = {
    acknowledgeWithinWorkingDays: config.ACKNOWLEDGE_WORKING_DAYS,
    answerWithinWorkingDays: {
      feedback: config.ANSWER_WORKING_DAYS_FEEDBACK,
      petition: config.ANSWER_WORKING_DAYS_PETITION,
      complaint: config.ANSWER_WORKING_DAYS_COMPLAINT,
      denunciation: config.ANSWER_WORKING_DAYS_DENUNCIATION,
    },
    dueSoonWorkingDays: config.DUE_SOON_WORKING_DAYS,
    reopenWithinWorkingDays: config.REOPEN_WORKING_DAYS,
  };
  const holidays = await createHolidayTableSource(database);
  const context = () => ({ now: now(), calendar: holidays.calendar(), policy });
  const topicPrefix = config.TOPIC_PREFIX || undefined;
  const petitions = createPetitionService({
    store: petitionStore,
    context,
    ...(topicPrefix ? { topicPrefix } : {}),
  });
  const sessions = createSessionService({
    store: sessionStore,
    petitions: petitionStore,
    now,
    ...(topicPrefix ? { topicPrefix } : {}),
  });
  const deadlines = createDeadlineJob({
    store: petitionStore,
    service: petitions,
    context,
    logger,
    intervalMs: config.DEADLINE_SWEEP_MS,
    // A holiday table corrected through another replica moves this one's deadlines too.
    beforeSweep: () => holidays.refresh(),
  });
  const receptionCheck = createReceptionCheck({
    store: receptionStore,
    policy: {
      requiredDaysPerMonth: {
        province: config.RECEPTION_DAYS_PROVINCE,
        commune: config.RECEPTION_DAYS_COMMUNE,
      },
    },
    now,
    logger,
    intervalMs: config.RECEPTION_CHECK_MS,
    ...(topicPrefix ? { topicPrefix } : {}),
  });

  const app = createApp({
    logger,
    telemetry: options.telemetry,
    readiness: [
      readiness.database(database),
      readiness.kafka(options.kafka),
      ...(options.readiness ?? []),
    ],
    petitions,
    sessions,
    receptions: receptionStore,
    holidays,
    petitionStore,
    verify: options.verify,
  });

  return {
    app,
    petitions,
    sessions,
    receptions: receptionStore,
    receptionCheck,
    deadlines,
    relay,
    producer,
    store: petitionStore,
    sessionStore,
    holidays,
    context,
    /** Connects the producer and starts the relay and (unless told not to) the jobs. */
    async start(parts: { relay?: boolean; jobs?: boolean } = {}) {
      await producer.connect();
      if (parts.relay !== false) relay.start();
      if (parts.jobs !== false) {
        deadlines.start();
        receptionCheck.start();
      }
    },
  };
}

export type Dialogues = Awaited<ReturnType<typeof assembleDialogues>>;

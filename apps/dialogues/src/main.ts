// The composition root: read config, connect, wire, listen, shut down gracefully.
import type { AddressInfo } from "node:net";
import { loadConfig } from "@danvan/platform/config";
import {
  createGracefulShutdown,
  createTokenVerifier,
  exitOnSignals,
  jwksFrom,
  readiness,
} from "@danvan/platform/http";
import { createLogger } from "@danvan/platform/log";
import type { LeaseDocument } from "@danvan/platform/messaging";
import {
  createEventProducer,
  createKafkaClient,
  createOutboxRelay,
} from "@danvan/platform/messaging";
import { createMetrics } from "@danvan/platform/metrics";
import { connectDatabase } from "@danvan/platform/mongo";
import { createApp } from "./app.ts";
import { createPetitionService } from "./application/petitions.ts";
import { createSessionService } from "./application/sessions.ts";
import { configSchema } from "./config.ts";
import { createHolidayTableSource } from "./data/holiday-table.ts";
import { createPetitionStore } from "./data/petitions.ts";
import { createReceptionStore } from "./data/receptions.ts";
import { createSessionStore } from "./data/sessions.ts";
import type { DeadlinePolicy } from "./domain/petition/index.ts";
import { createDeadlineJob } from "./jobs/deadlines.ts";
import { createReceptionCheck } from "./jobs/reception-check.ts";

const config = loadConfig(configSchema);
const jwks = await jwksFrom({ url: config.JWT_JWKS_URL, file: config.JWT_JWKS_FILE });
const logger = createLogger({ service: "dialogues", level: config.LOG_LEVEL });
const metrics = createMetrics("dialogues");

const database = await connectDatabase(config.MONGO_URL, config.MONGO_DATABASE);
const kafka = createKafkaClient({ clientId: "dialogues", brokers: config.KAFKA_BROKERS, logger });
const producer = createEventProducer(kafka);
await producer.connect();

const wake = () => relay.wake();
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
  metrics,
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
const context = () => ({ now: new Date(), calendar: holidays.calendar(), policy });
const topicPrefix = config.TOPIC_PREFIX || undefined;
const petitions = createPetitionService({
  store: petitionStore,
  context,
  ...(topicPrefix ? { topicPrefix } : {}),
});
const sessions = createSessionService({
  store: sessionStore,
  petitions: petitionStore,
  now: () => new Date(),
  ...(topicPrefix ? { topicPrefix } : {}),
});
const deadlines = createDeadlineJob({
  store: petitionStore,
  service: petitions,
  context,
  logger,
  intervalMs: config.DEADLINE_SWEEP_MS,
});
const receptionCheck = createReceptionCheck({
  store: receptionStore,
  policy: {
    requiredDaysPerMonth: {
      province: config.RECEPTION_DAYS_PROVINCE,
      commune: config.RECEPTION_DAYS_COMMUNE,
    },
  },
  now: () => new Date(),
  logger,
  intervalMs: config.RECEPTION_CHECK_MS,
  ...(topicPrefix ? { topicPrefix } : {}),
});

const verify = createTokenVerifier({
  jwks,
  issuer: config.JWT_ISSUER,
  audience: config.JWT_AUDIENCE,
});

let shutdown: ReturnType<typeof createGracefulShutdown> | undefined;
const app = createApp({
  logger,
  metrics,
  readiness: [
    readiness.database(database),
    readiness.kafka(kafka),
    readiness.accepting(() => shutdown?.shuttingDown ?? false),
  ],
  petitions,
  sessions,
  receptions: receptionStore,
  holidays,
  petitionStore,
  verify,
});

relay.start();
deadlines.start();
receptionCheck.start();
const server = app.listen(config.PORT);
await new Promise((resolve) => server.once("listening", resolve));
shutdown = createGracefulShutdown({
  server,
  logger,
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  steps: [
    {
      name: "stop the jobs",
      run: async () => {
        receptionCheck.stop();
        await deadlines.stop();
      },
    },
    {
      name: "flush the outbox",
      // Two thirds of the budget, so the steps after it still fit. Events left unpublished stay
      // in their documents and go out at the next start: nothing is lost.
      run: async () => {
        const flushed = await relay.flush(Math.floor((config.SHUTDOWN_TIMEOUT_MS * 2) / 3));
        if (!flushed)
          logger.warn("outbox not empty at shutdown; the next start publishes the rest");
      },
    },
    { name: "stop the relay", run: () => relay.stop() },
    { name: "disconnect from Kafka", run: () => producer.disconnect() },
    { name: "close the database", run: () => database.close() },
  ],
});
exitOnSignals(shutdown, logger);
logger.info({ port: (server.address() as AddressInfo).port }, "dialogues listening");

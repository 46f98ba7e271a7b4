// Wiring for the dialogues tests: the real service pieces on the file's own database and topics.
import type { AccessTokenClaims } from "@danvan/contracts";
import { createTokenVerifier, readiness } from "@danvan/platform/http";
import { createLogger } from "@danvan/platform/log";
import {
  createEventProducer,
  createKafkaClient,
  createOutboxRelay,
  type LeaseDocument,
} from "@danvan/platform/messaging";
import { createMetrics } from "@danvan/platform/metrics";
import { connectDatabase } from "@danvan/platform/mongo";
import type { TestScope } from "@danvan/testing";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createApp } from "../src/app.ts";
import { createPetitionService } from "../src/application/petitions.ts";
import { createSessionService } from "../src/application/sessions.ts";
import { createHolidayTableSource } from "../src/data/holiday-table.ts";
import { createPetitionStore } from "../src/data/petitions.ts";
import { createReceptionStore } from "../src/data/receptions.ts";
import { createSessionStore } from "../src/data/sessions.ts";
import { defaultDeadlinePolicy } from "../src/domain/petition/index.ts";
import type { ReceptionPolicy } from "../src/domain/reception/obligation.ts";
import { defaultReceptionPolicy } from "../src/domain/reception/obligation.ts";
import { createDeadlineJob } from "../src/jobs/deadlines.ts";
import { createReceptionCheck } from "../src/jobs/reception-check.ts";

const issuer = "https://gateway.danvan.test";
const audience = "danvan-services";

export async function tokenIssuer() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test", alg: "ES256" };
  return {
    verify: createTokenVerifier({ jwks: { keys: [jwk] }, issuer, audience }),
    sign: (claims: Partial<AccessTokenClaims> & Pick<AccessTokenClaims, "roles">) =>
      new SignJWT({ units: [], agencies: [], grants: [], ...claims })
        .setProtectedHeader({ alg: "ES256", kid: "test" })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(claims.sub ?? "user")
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(privateKey),
  };
}

/** One replica of the service: its own connections, sharing the file's database and topics. */
export async function dialoguesInstance(
  scope: TestScope,
  options: { now?: () => Date; relay?: boolean; receptionPolicy?: ReceptionPolicy } = {},
) {
  const logger = createLogger({
    service: "dialogues-test",
    level: process.env.LOG_LEVEL ?? "silent",
  });
  const metrics = createMetrics("dialogues");
  const database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  const kafka = createKafkaClient({ clientId: "dialogues-test", brokers: scope.kafkaBrokers });
  const producer = createEventProducer(kafka);
  await producer.connect();
  const store = await createPetitionStore(database, () => relay.wake());
  const sessionStore = await createSessionStore(database, () => relay.wake());
  const receptions = await createReceptionStore(database, sessionStore.collection, () =>
    relay.wake(),
  );
  const relay = createOutboxRelay({
    collections: [store.collection, sessionStore.collection, receptions.obligationCollection],
    leases: database.collection<LeaseDocument>("leases"),
    producer,
    logger,
    pollIntervalMs: 200,
  });
  if (options.relay !== false) relay.start();
  const holidays = await createHolidayTableSource(database);
  const context = () => ({
    now: options.now?.() ?? new Date(),
    calendar: holidays.calendar(),
    policy: defaultDeadlinePolicy,
  });
  const petitions = createPetitionService({ store, context, topicPrefix: scope.topicPrefix });
  const sessions = createSessionService({
    store: sessionStore,
    petitions: store,
    now: () => context().now,
    topicPrefix: scope.topicPrefix,
  });
  const tokens = await tokenIssuer();
  const app = createApp({
    logger,
    metrics,
    readiness: [readiness.database(database)],
    petitions,
    sessions,
    receptions,
    holidays,
    petitionStore: store,
    verify: tokens.verify,
  });
  const deadlines = createDeadlineJob({
    store,
    service: petitions,
    context,
    logger,
    intervalMs: 200,
    beforeSweep: () => holidays.refresh(),
  });
  const receptionCheck = createReceptionCheck({
    store: receptions,
    policy: options.receptionPolicy ?? defaultReceptionPolicy,
    now: () => context().now,
    logger,
    intervalMs: 60_000,
    topicPrefix: scope.topicPrefix,
  });
  return {
    app,
    sessions,
    receptions,
    receptionCheck,
    deadlines,
    relay,
    store,
    petitions,
    context,
    logger,
    tokens,
    database,
    async close() {
      await deadlines.stop();
      await relay.stop();
      await producer.disconnect();
      await database.close();
    },
  };
}

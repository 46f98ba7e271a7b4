import { catalog, domainTopics, type Envelope } from "@danvan/contracts";
import type { ReadinessCheck } from "@danvan/platform/http";
import { readiness } from "@danvan/platform/http";
import type { Logger } from "@danvan/platform/log";
import type { KafkaClient } from "@danvan/platform/messaging";
import { createConsumerRunner, createEventProducer } from "@danvan/platform/messaging";
import type { Database } from "@danvan/platform/mongo";
import type { Telemetry } from "@danvan/platform/telemetry";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { Histogram } from "prom-client";
import { createApp } from "./app.ts";
import { createAuthService } from "./application/auth.ts";
import { createUserAdministration } from "./application/users.ts";
import type { Config } from "./config.ts";
import { createChangeFeed } from "./dashboard/change-feed.ts";
import { createFiguresReader } from "./dashboard/figures-reader.ts";
import { dashboardRoutes } from "./dashboard/routes.ts";
import { createAuditLog } from "./data/audit.ts";
import { createLoginSessionStore } from "./data/login-sessions.ts";
import { createUserStore } from "./data/users.ts";
import { createActiveReadSide } from "./projection/active-read-side.ts";
import { createGatewayVerifier, createTokenIssuer } from "./security/access-tokens.ts";
import { createRateLimiter } from "./security/rate-limit.ts";
import { loadSigningKey } from "./security/signing-key.ts";

/** The topics the gateway group projects: every domain topic of the services behind it. */
const PROJECTED_SERVICES = ["dialogues"];

/**
 * The gateway's parts wired together, without listening or consuming: main.ts serves it and
 * calls `start()`; tests assemble it in-process against their own database (and start the
 * consumer only where they need the read side fed from Kafka).
 */
export async function assembleGateway(options: {
  config: Config;
  database: Database;
  kafka: KafkaClient;
  units: UnitRegistry;
  logger: Logger;
  telemetry: Telemetry;
  /** Extra readiness checks (shutting down, …) beside the database and the consumer. */
  readiness?: ReadinessCheck[];
  now?: () => Date;
  /** How long a login's state is trusted before it is read again (5 s; tests use 0). */
  sessionCheckCacheMs?: number;
  /** How often replicas look for changed figures and alerts (100 ms). */
  changePollMs?: number;
  /** Told after each event is in the read models (benchmarks measure freshness with it). */
  onProjected?: (envelope: Envelope) => void;
}) {
  const { config, database, logger } = options;
  const now = options.now ?? (() => new Date());
  const key = await loadSigningKey({ file: config.JWT_PRIVATE_KEY_FILE, database });
  const users = await createUserStore(database);
  const sessions = await createLoginSessionStore(database);
  const audit = await createAuditLog(database);
  const policy = {
    sessionDays: config.SESSION_DAYS,
    maxFailures: config.LOGIN_MAX_FAILURES,
    lockMinutes: config.LOGIN_LOCK_MINUTES,
    passwordCost: config.PASSWORD_HASH_COST,
    passwordMinLength: config.PASSWORD_MIN_LENGTH,
  };
  const verify = createGatewayVerifier({
    key,
    ...(options.sessionCheckCacheMs !== undefined ? { cacheMs: options.sessionCheckCacheMs } : {}),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    sessionActive: async (sid) => {
      const session = await sessions.get(sid);
      return session !== null && !session.endedAt && session.expiresAt > now().toISOString();
    },
  });
  const auth = createAuthService({
    users,
    sessions,
    audit,
    tokens: createTokenIssuer({
      key,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_SECONDS,
    }),
    policy,
    now,
  });
  const admin = createUserAdministration({ users, sessions, audit, policy, now });

  // The working-day calendar of the default holiday table: the dialogues service may hold a
  // corrected one; figures' median working days follow the default until tables are shared.
  const calendar = createCalendar(defaultHolidayTable);
  const readSide = await createActiveReadSide({
    database,
    calendar: () => calendar,
    logger,
    now,
  });
  const feed = createChangeFeed({
    readSide,
    units: options.units,
    logger,
    now,
    ...(options.changePollMs !== undefined ? { pollMs: options.changePollMs } : {}),
  });
  const producer = createEventProducer(options.kafka);
  const prefix = config.TOPIC_PREFIX ? `${config.TOPIC_PREFIX}.` : "";
  // How old an event is when the read models have it: the dashboards' freshness, in production.
  const projectionLag = new Histogram({
    name: "gateway_projection_lag_seconds",
    help: "From an event's time to its projection into the gateway's read models",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [options.telemetry.registry],
  });
  const consumer = createConsumerRunner({
    kafka: options.kafka,
    group: `${prefix}gateway`,
    topics: domainTopics
      .filter((t) => PROJECTED_SERVICES.includes(t.name.split(".")[0] as string))
      .map((t) => `${prefix}${t.name}`),
    registry: catalog,
    handleBatch: async (events) => {
      await readSide.handle(events.map((event) => event.envelope));
      for (const { envelope } of events) {
        projectionLag.observe(Math.max(0, Date.now() - Date.parse(envelope.time)) / 1000);
        options.onProjected?.(envelope);
      }
    },
    maxWaitMs: config.CONSUMER_MAX_WAIT_MS,
    partitionsConcurrently: config.CONSUMER_PARTITIONS_CONCURRENTLY,
    producer,
    logger,
    telemetry: options.telemetry,
  });

  const app = createApp({
    logger,
    telemetry: options.telemetry,
    readiness: [
      readiness.database(database),
      { name: "consumer", check: () => consumer.isReady() },
      ...(options.readiness ?? []),
    ],
    trustProxy: config.TRUST_PROXY,
    auth,
    admin,
    verify,
    key,
    loginLimiter: createRateLimiter({ limit: config.LOGIN_ATTEMPTS_PER_MINUTE, windowMs: 60_000 }),
    services: [{ name: "dialogues", baseUrl: config.DIALOGUES_URL }],
    serviceTimeoutMs: config.SERVICE_TIMEOUT_MS,
    dashboard: dashboardRoutes({
      verify,
      readSide,
      reader: createFiguresReader({ readSide, feed, units: options.units, now }),
      feed,
      units: options.units,
      provinceCode: config.PROVINCE_CODE,
      now,
    }),
  });

  let consuming = false;
  return {
    app,
    key,
    users,
    sessions,
    audit,
    auth,
    admin,
    verify,
    readSide,
    feed,
    consumer,
    /** Starts the background parts: the change feed and (unless told not to) the consumer. */
    async start(parts: { consume?: boolean } = {}) {
      feed.start();
      if (parts.consume !== false) {
        await producer.connect();
        await consumer.start();
        consuming = true;
      }
    },
    async stop() {
      feed.stop();
      if (consuming) await consumer.stop();
      await producer.disconnect().catch(() => {});
    },
  };
}

export type Gateway = Awaited<ReturnType<typeof assembleGateway>>;

import { catalog, type DanvanEvent } from "@danvan/contracts";
import { readiness, requireUser } from "@danvan/platform/http";
import { createConsumerRunner } from "@danvan/platform/messaging";
import type { ServiceRuntime } from "@danvan/platform/service";
import { composeService, createServiceApp } from "@danvan/platform/service";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { Histogram } from "prom-client";
import { createAuthService } from "./application/auth.ts";
import { createUserAdministration } from "./application/users.ts";
import type { Config } from "./config.ts";
import { createChangeFeed } from "./dashboard/change-feed.ts";
import { createFiguresReader } from "./dashboard/figures-reader.ts";
import { dashboardRoutes } from "./dashboard/routes.ts";
import { createAuditLog } from "./data/audit.ts";
import { createLoginFailureStore } from "./data/login-failures.ts";
import { createLoginSessionStore } from "./data/login-sessions.ts";
import { createUserStore } from "./data/users.ts";
import { adminRoutes } from "./http/admin-routes.ts";
import { authRoutes } from "./http/auth-routes.ts";
import { docsRoutes } from "./http/docs-routes.ts";
import { createApiDocument } from "./http/openapi.ts";
import { createActiveReadSide } from "./projection/active-read-side.ts";
import { projectedTopics } from "./projection/records.ts";
import { recordSetAside } from "./projection/set-aside.ts";
import { serviceProxy } from "./proxy/service-proxy.ts";
import { createGatewayVerifier, createTokenIssuer } from "./security/access-tokens.ts";
import { apiAdmission } from "./security/admission.ts";
import { createLoginThrottle } from "./security/login-throttle.ts";
import { createTokenBuckets } from "./security/rate-limit.ts";
import { loadSigningKeys } from "./security/signing-key.ts";
import { unitRoutes } from "./units/routes.ts";

/**
 * The gateway on its runtime: identity (users, logins, signed tokens), the read side projected by
 * the `gateway` consumer group, the dashboards and their live feed, and a proxy to each service.
 * main.ts runs it as a process; tests and benchmarks assemble it in-process.
 */
export async function assembleGateway(
  runtime: ServiceRuntime<Config>,
  options: {
    units: UnitRegistry;
    now?: () => Date;
    /** How long a login's state is trusted before it is read again (5 s; tests use 0). */
    sessionCheckCacheMs?: number;
    /** How often replicas look for changed figures and alerts (100 ms). */
    changePollMs?: number;
    /** Told after each event is in the read models (benchmarks measure freshness with it). */
    onProjected?: (event: DanvanEvent) => void;
  },
) {
  const { config, database, logger } = runtime;
  const now = options.now ?? (() => new Date());
  const keys = await loadSigningKeys({
    file: config.JWT_PRIVATE_KEY_FILE,
    otherKeysFile: config.JWT_OTHER_PUBLIC_KEYS_FILE,
    database,
  });
  const users = await createUserStore(database);
  const sessions = await createLoginSessionStore(database, {
    accessTokenSeconds: config.ACCESS_TOKEN_SECONDS,
  });
  const audit = await createAuditLog(database);
  const policy = {
    sessionDays: config.SESSION_DAYS,
    passwordMemoryKib: config.PASSWORD_HASH_MEMORY_KIB,
    passwordMinLength: config.PASSWORD_MIN_LENGTH,
  };
  const verify = createGatewayVerifier({
    keys: keys.published,
    ...(options.sessionCheckCacheMs !== undefined ? { cacheMs: options.sessionCheckCacheMs } : {}),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    sessionActive: async (sid) => {
      const session = await sessions.get(sid);
      return session !== null && !session.endedAt && session.expiresAt > now().toISOString();
    },
  });
  const throttle = createLoginThrottle({
    store: await createLoginFailureStore(database),
    policy: {
      username: {
        free: config.LOGIN_FREE_FAILURES,
        maxDelaySeconds: config.LOGIN_USERNAME_MAX_DELAY_SECONDS,
      },
      pair: {
        free: config.LOGIN_FREE_FAILURES,
        maxDelaySeconds: config.LOGIN_ADDRESS_MAX_DELAY_SECONDS,
      },
      address: {
        free: config.LOGIN_ADDRESS_FREE_FAILURES,
        maxDelaySeconds: config.LOGIN_ADDRESS_MAX_DELAY_SECONDS,
      },
    },
  });
  const auth = createAuthService({
    users,
    sessions,
    audit,
    throttle,
    tokens: createTokenIssuer({
      key: keys.current,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_SECONDS,
    }),
    policy,
    now,
  });
  const admin = createUserAdministration({ users, sessions, audit, throttle, policy, now });

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
  // How old an event is when the read models have it: the dashboards' freshness, in production.
  const projectionLag = new Histogram({
    name: "gateway_projection_lag_seconds",
    help: "From an event's time to its projection into the gateway's read models",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [runtime.telemetry.registry],
  });
  const consumer = createConsumerRunner({
    kafka: runtime.kafka,
    group: "gateway",
    topics: projectedTopics,
    registry: catalog,
    handleBatch: async (events, { topic, partition }) => {
      // Each partition is a writer of its own in the projection's journal.
      await readSide.handle(
        events.map((event) => event.envelope),
        `${topic}|${partition}`,
      );
      for (const { envelope } of events) {
        projectionLag.observe(Math.max(0, Date.now() - Date.parse(envelope.time)) / 1000);
        options.onProjected?.(envelope);
      }
    },
    maxWaitMs: config.CONSUMER_MAX_WAIT_MS,
    partitionsConcurrently: config.CONSUMER_PARTITIONS_CONCURRENTLY,
    // An event the read models could not take is an alert: their figures may be short of it.
    onDeadLetter: (letter) => recordSetAside(readSide.current.store, letter, config.PROVINCE_CODE),
    logger,
    telemetry: runtime.telemetry,
  });

  const routes = [
    ...authRoutes({
      auth,
      verify,
      keys,
      sessions,
      now,
      loginLimiter: createTokenBuckets({
        burst: config.LOGIN_ATTEMPTS_PER_MINUTE,
        perSecond: config.LOGIN_ATTEMPTS_PER_MINUTE / 60,
      }),
      // Five tries, then one more every three minutes.
      passwordLimiter: createTokenBuckets({ burst: 5, perSecond: 5 / (15 * 60) }),
    }),
    ...adminRoutes(admin),
    ...unitRoutes({ units: options.units, now }),
    ...dashboardRoutes({
      readSide,
      reader: createFiguresReader({ readSide, feed, units: options.units, now }),
      feed,
      units: options.units,
      provinceCode: config.PROVINCE_CODE,
      now,
    }),
  ];
  /** The services behind the gateway, each under /api/v1/<name>. */
  const services = [{ name: "dialogues", baseUrl: config.DIALOGUES_URL }];
  const app = createServiceApp(runtime, {
    readiness: [readiness.consumers(consumer)],
    trustProxy: config.TRUST_PROXY,
    admission: apiAdmission({
      perUser: {
        perSecond: config.API_REQUESTS_PER_SECOND_PER_USER,
        burst: config.API_BURST_PER_USER,
      },
      perAddress: {
        perSecond: config.API_REQUESTS_PER_SECOND_PER_ADDRESS,
        burst: config.API_BURST_PER_ADDRESS,
      },
      perUserInFlight: config.API_MAX_IN_FLIGHT_PER_USER,
      longLived: ["/api/v1/stream"],
    }),
    // The gateway describes its routes and the services' together (/api/openapi.json).
    api: { title: "Dân vận — gateway", routes, verify, document: false },
    routes: (app) => {
      docsRoutes(createApiDocument({ routes, services, logger }))(app);
      // The gateway checks the token first (an ended login stops here); the service checks it
      // again and applies its own scopes.
      for (const service of services) {
        const prefix = `/api/v1/${service.name}`;
        app.use(
          prefix,
          requireUser(verify),
          serviceProxy({
            ...service,
            prefix,
            timeoutMs: config.SERVICE_TIMEOUT_MS,
            maxInFlight: config.SERVICE_MAX_IN_FLIGHT,
          }),
        );
      }
    },
  });

  const service = composeService({ app, parts: [feed, consumer], logger });
  return {
    ...service,
    keys,
    users,
    sessions,
    audit,
    auth,
    admin,
    verify,
    readSide,
    feed,
    consumer,
  };
}

export type Gateway = Awaited<ReturnType<typeof assembleGateway>>;

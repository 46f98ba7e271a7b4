import { createAggregateStore } from "@danvan/platform/aggregate";
import type { TokenVerifier } from "@danvan/platform/http";
import { readiness } from "@danvan/platform/http";
import { outboxPublisherOf } from "@danvan/platform/messaging";
import { createPersonalDataReads, fieldCipherFrom } from "@danvan/platform/personal-data";
import type { AssembledService, ServiceRuntime } from "@danvan/platform/service";
import { composeService, createServiceApp } from "@danvan/platform/service";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { createPetitionReception } from "./application/petitions.ts";
import {
  linkedSessionReference,
  petitionReferences,
  sessionReferences,
} from "./application/references.ts";
import { createSessionReadings } from "./application/sessions.ts";
import type { Config } from "./config.ts";
import { createAgencyRegistry } from "./data/agencies.ts";
import { createHolidayTableSource } from "./data/holiday-table.ts";
import { createPetitionQueries, petitionAggregate } from "./data/petitions.ts";
import { createReceptionQueries, obligationAggregate } from "./data/receptions.ts";
import { createSessionQueries, sessionAggregate } from "./data/sessions.ts";
import type { DeadlinePolicy } from "./domain/petition/index.ts";
import { checkReceipt } from "./domain/petition/index.ts";
import { agencyRoutes } from "./http/agency-routes.ts";
import { holidayRoutes } from "./http/holiday-routes.ts";
import { petitionRoutes } from "./http/petition-routes.ts";
import { receptionRoutes } from "./http/reception-routes.ts";
import { sessionRoutes } from "./http/session-routes.ts";
import { createDeadlineJob } from "./jobs/deadlines.ts";
import { createReceptionCheck } from "./jobs/reception-check.ts";

/** The deadline lengths of the configuration (docs/domain.md: configuration, never constants). */
const deadlinePolicy = (config: Config): DeadlinePolicy => ({
  acknowledgeWithinWorkingDays: config.ACKNOWLEDGE_WORKING_DAYS,
  answerWithinWorkingDays: {
    feedback: config.ANSWER_WORKING_DAYS_FEEDBACK,
    petition: config.ANSWER_WORKING_DAYS_PETITION,
    complaint: config.ANSWER_WORKING_DAYS_COMPLAINT,
    denunciation: config.ANSWER_WORKING_DAYS_DENUNCIATION,
  },
  dueSoonWorkingDays: config.DUE_SOON_WORKING_DAYS,
  reopenWithinWorkingDays: config.REOPEN_WORKING_DAYS,
  receiptBackdateDays: config.RECEIPT_BACKDATE_DAYS,
});

/**
 * The dialogues service on its runtime: three aggregates (petitions, sessions, missed reception
 * obligations) publishing through one outbox, their queries, two jobs and the routes. main.ts
 * runs it as a process; tests, the seed and the benchmarks assemble it in-process.
 */
export async function assembleDialogues(
  runtime: ServiceRuntime<Config>,
  options: { verify: TokenVerifier; units: UnitRegistry; now?: () => Date },
) {
  const { config, database, logger } = runtime;
  const now = options.now ?? (() => new Date());
  const outbox = outboxPublisherOf(runtime, [
    petitionAggregate.collection,
    sessionAggregate.collection,
    obligationAggregate.collection,
  ]);
  const holidays = await createHolidayTableSource(database);
  const agencies = await createAgencyRegistry(database);
  const policy = deadlinePolicy(config);
  const context = () => ({ now: now(), calendar: holidays.calendar(), policy });
  const stores = { database, onWrite: outbox.wake };
  // Petitioners' contact details are sealed at rest with the configured keys.
  const cipher = fieldCipherFrom(config);

  const checkPetition = petitionReferences(options.units, agencies);
  const petitions = await createAggregateStore(petitionAggregate, {
    ...stores,
    cipher,
    context,
    checkReferences: checkPetition,
  });
  const sessions = await createAggregateStore(sessionAggregate, {
    ...stores,
    context: () => ({ now: now() }),
    checkReferences: sessionReferences(options.units),
  });
  const obligations = await createAggregateStore(obligationAggregate, {
    ...stores,
    context: () => ({ now: now() }),
  });
  const petitionQueries = await createPetitionQueries(database, petitions.hiddenFields);
  const sessionQueries = await createSessionQueries(database, sessions.hiddenFields);
  const receptionQueries = await createReceptionQueries(database);
  const checkLinkedSession = linkedSessionReference(sessions, options.units);
  const receive = createPetitionReception({
    petitions,
    queries: petitionQueries,
    now,
    precheck: async (input) => {
      const at = context();
      const receivedAt = input.receivedAt ?? at.now.toISOString();
      checkReceipt(receivedAt, at);
      checkPetition({ type: "receive", ...input, reference: "" }, null, at);
      await checkLinkedSession(input, localDateOf(receivedAt));
    },
  });

  const deadlines = createDeadlineJob({
    petitions,
    queries: petitionQueries,
    context,
    logger,
    intervalMs: config.DEADLINE_SWEEP_MS,
    // A holiday table or an agency changed through another replica reaches this one too.
    beforeSweep: async () => {
      await holidays.refresh();
      await agencies.refresh();
    },
  });
  const receptionCheck = createReceptionCheck({
    obligations,
    queries: receptionQueries,
    policy: {
      requiredDaysPerMonth: {
        province: config.RECEPTION_DAYS_PROVINCE,
        commune: config.RECEPTION_DAYS_COMMUNE,
      },
    },
    now,
    logger,
    intervalMs: config.RECEPTION_CHECK_MS,
  });

  const app = createServiceApp(runtime, {
    readiness: [readiness.kafka(runtime.kafka)],
    api: {
      title: "Dân vận — dialogues service",
      verify: options.verify,
      routes: [
        ...petitionRoutes({
          petitions,
          queries: petitionQueries,
          receive,
          calendar: () => holidays.calendar(),
          reads: await createPersonalDataReads(database),
        }),
        ...sessionRoutes({
          sessions,
          readings: createSessionReadings({
            sessions,
            queries: sessionQueries,
            petitions: petitionQueries,
          }),
        }),
        ...receptionRoutes({ queries: receptionQueries, units: options.units, now }),
        ...holidayRoutes({ source: holidays, petitions, queries: petitionQueries }),
        ...agencyRoutes({ agencies, units: options.units, now }),
      ],
    },
  });

  const service: AssembledService = composeService({
    app,
    // Started in this order, stopped in the reverse: the jobs (which write) before the outbox.
    parts: [outbox, deadlines, receptionCheck],
    logger,
  });
  return {
    ...service,
    outbox,
    petitions,
    sessions,
    obligations,
    petitionQueries,
    receptionQueries,
    receive,
    holidays,
    agencies,
    context,
    deadlines,
    receptionCheck,
  };
}

export type Dialogues = Awaited<ReturnType<typeof assembleDialogues>>;

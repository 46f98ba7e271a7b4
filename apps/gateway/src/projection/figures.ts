import type { PetitionFacts, PetitionMetrics } from "@danvan/metrics";
import { petitionMetricsByChannel } from "@danvan/metrics";
import type { Collection, Database } from "@danvan/platform/mongo";
import { versionGatedUpsert } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import type { Period } from "./periods.ts";
import type { ReadModelStore } from "./views.ts";

const PLANNED = ["planned", "announced", "postponed"];
const HELD = ["held", "minutes_published", "closed"];

/** A unit's figures for a period, as dashboards show them. Every number is as of `asOf`. */
export interface Figures {
  unitCode: string;
  period: Period;
  /** The petitions received in the period, with their state as of `asOf`. */
  petitions: PetitionMetrics & {
    byChannel: Record<string, PetitionMetrics>;
    byTopic: Record<string, number>;
  };
  sessions: { planned: number; held: number; cancelled: number };
  receptions: { missed: number };
  asOf: string;
}

export type FiguresDocument = Omit<Figures, "asOf"> & {
  _id: string;
  /** When the computation started, in ms: a later computation always wins (version gate). */
  version: number;
  asOf: string;
};

export const figuresId = (unitCode: string, periodKey: string) => `${unitCode}|${periodKey}`;

export async function figuresCollection(database: Database, prefix = "") {
  const figures = database.collection<FiguresDocument>(`${prefix}figures`);
  await figures.createIndex({ version: 1 }, { name: "version" });
  return figures;
}

/**
 * Computes a unit's figures for a period from the read models, with the shared metric functions
 * (so they equal what the dialogues service and scoring compute), and stores them unless a
 * computation that started later got there first.
 */
export async function computeFigures(options: {
  store: ReadModelStore;
  figures: Collection<FiguresDocument>;
  calendar: WorkingDayCalendar;
  unitCode: string;
  /** The unit and the units under it whose facts add up to its figures. */
  unitCodes: string[];
  period: Period;
  now: Date;
}): Promise<FiguresDocument> {
  const { store, period } = options;
  const startedAt = options.now;
  const inUnits = { unitCode: { $in: options.unitCodes } };
  const [petitions, sessions, missed] = await Promise.all([
    store.petitions
      .find(
        { ...inUnits, receivedAt: { $gte: period.from, $lte: period.to } },
        {
          projection: {
            source: 1,
            status: 1,
            receivedAt: 1,
            answeredAt: 1,
            answeredOnTime: 1,
            overdue: 1,
            reopenCount: 1,
            rating: 1,
            topics: 1,
          },
        },
      )
      .toArray(),
    store.sessions
      .find(
        { ...inUnits, scheduledAt: { $gte: period.from, $lte: period.to } },
        { projection: { status: 1 } },
      )
      .toArray(),
    store.receptionMisses.countDocuments({
      ...inUnits,
      month: { $gte: period.firstDay.slice(0, 7), $lte: period.lastDay.slice(0, 7) },
    }),
  ]);
  const byTopic: Record<string, number> = {};
  for (const p of petitions)
    for (const topic of p.topics ?? []) byTopic[topic] = (byTopic[topic] ?? 0) + 1;
  const { total, byChannel } = petitionMetricsByChannel(
    petitions as unknown as PetitionFacts[],
    options.calendar,
  );
  const count = (statuses: string[]) => sessions.filter((s) => statuses.includes(s.status)).length;
  const document: FiguresDocument = {
    _id: figuresId(options.unitCode, period.key),
    version: startedAt.getTime(),
    unitCode: options.unitCode,
    period,
    petitions: { ...total, byChannel, byTopic },
    sessions: { planned: count(PLANNED), held: count(HELD), cancelled: count(["cancelled"]) },
    receptions: { missed },
    asOf: startedAt.toISOString(),
  };
  const { _id, version, ...fields } = document;
  await versionGatedUpsert(options.figures as never, _id, version, fields);
  return document;
}

import type { PetitionFacts, PetitionMetrics } from "@danvan/metrics";
import { petitionFactFields, petitionMetricsByChannel } from "@danvan/metrics";
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

/** What figures are made of: the facts of the petitions, sessions and misses in the units and period. */
export interface FigureInputs {
  petitions: (PetitionFacts & { topics?: string[] })[];
  sessionStatuses: string[];
  missed: number;
}

/**
 * A unit's figures for a period from its facts, with the shared metric functions (so they equal
 * what the dialogues service and scoring compute). Pure: the live updater and the rebuild both
 * use it, so their results are the same.
 */
export function figuresOf(options: {
  unitCode: string;
  period: Period;
  inputs: FigureInputs;
  calendar: WorkingDayCalendar;
  startedAt: Date;
}): FiguresDocument {
  const { inputs, period } = options;
  const byTopic: Record<string, number> = {};
  for (const p of inputs.petitions) {
    for (const topic of p.topics ?? []) byTopic[topic] = (byTopic[topic] ?? 0) + 1;
  }
  const { total, byChannel } = petitionMetricsByChannel(inputs.petitions, options.calendar);
  const count = (statuses: string[]) =>
    inputs.sessionStatuses.filter((status) => statuses.includes(status)).length;
  return {
    _id: figuresId(options.unitCode, period.key),
    version: options.startedAt.getTime(),
    unitCode: options.unitCode,
    period,
    petitions: { ...total, byChannel, byTopic },
    sessions: { planned: count(PLANNED), held: count(HELD), cancelled: count(["cancelled"]) },
    receptions: { missed: inputs.missed },
    asOf: options.startedAt.toISOString(),
  };
}

/** The facts a figure needs, as stored: the metrics' facts and the topics. */
const PETITION_FACT_FIELDS = { ...petitionFactFields, topics: 1 } as const;

/**
 * Computes a unit's figures for a period from the read models and stores them unless a
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
  const inUnits = { unitCode: { $in: options.unitCodes } };
  const [petitions, sessions, missed] = await Promise.all([
    store.petitions
      .find(
        { ...inUnits, receivedAt: { $gte: period.from, $lte: period.to } },
        { projection: PETITION_FACT_FIELDS },
      )
      .toArray(),
    store.sessions
      .find(
        { ...inUnits, scheduledAt: { $gte: period.from, $lte: period.to } },
        { projection: { status: 1 } },
      )
      .toArray(),
    // A miss belongs to a month: it counts in months, quarters and years, not in days.
    period.kind === "day"
      ? 0
      : store.receptionMisses.countDocuments({
          ...inUnits,
          month: { $gte: period.firstDay.slice(0, 7), $lte: period.lastDay.slice(0, 7) },
        }),
  ]);
  const document = figuresOf({
    unitCode: options.unitCode,
    period,
    inputs: {
      petitions: petitions as unknown as FigureInputs["petitions"],
      sessionStatuses: sessions.map((s) => s.status),
      missed,
    },
    calendar: options.calendar,
    startedAt: options.now,
  });
  const { _id, version, ...fields } = document;
  await versionGatedUpsert(options.figures as never, _id, version, fields);
  return document;
}

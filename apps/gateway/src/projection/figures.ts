import type { PetitionCounts, PetitionFacts } from "@danvan/metrics";
import { countsOf, emptyCounts, metricsFromCounts } from "@danvan/metrics";
import type { Database } from "@danvan/platform/mongo";
import type { LocalDate, WorkingDayCalendar } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import type { Attribution } from "./attribution.ts";
import { recordedCodes } from "./attribution.ts";
import type { Period } from "./periods.ts";
import { isSummedPeriod, monthsOf } from "./periods.ts";

/**
 * A unit × day's or month's figures as stored: additive counts (`@danvan/metrics`) of the unit's
 * own facts, which each event changes by its petition's counts after minus before — one `$inc`,
 * however many petitions the period holds. A unit's figures as shown add up the stored ones of
 * itself and the units below it, of the period or of each of its months (`storedPartsOf`); the
 * metrics are worked out from the counts (`presentFigures`).
 */
export interface FiguresDocument {
  _id: string;
  unitCode: string;
  period: Period;
  // As stored, only what its changes touched: a month with sessions and no petition has no
  // `petitions`, and counts no event changed are absent (`emptyFigures` has every field).
  petitions?: {
    counts: PetitionCounts;
    /** Per source (channel). */
    byChannel: Record<string, PetitionCounts>;
    /** Petitions per topic; keys encoded by `fieldKey` (topics are free text). */
    byTopic: Record<string, number>;
  };
  sessions?: { planned: number; held: number; cancelled: number };
  receptions?: { missed: number };
  /** How many writes changed it: readers order its states by this, as it only grows. */
  revision: number;
  /**
   * When the last change was applied, in ms of the writer's clock: the change feed polls for
   * recent ones. Not an order: another replica's clock may be behind.
   */
  version: number;
  asOf: string;
}

export const figuresId = (unitCode: string, periodKey: string) => `${unitCode}|${periodKey}`;

export async function figuresCollection(database: Database, prefix = "") {
  const figures = database.collection<FiguresDocument>(`${prefix}figures`);
  await figures.createIndex({ version: 1 }, { name: "version" });
  return figures;
}

/** The characters `fieldKey` encodes. */
const ENCODED_IN_KEYS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: encoding control characters is its purpose
  /[%.$\u0000-\u001f\u007f-\u009f]/g;

/**
 * A field name that any text can be: "%", "." and "$" (which updates read as paths and
 * operators) and control characters (a NUL cannot be stored in a key at all) are percent-encoded,
 * so no topic an event carries can make a figures write fail.
 */
export const fieldKey = (text: string) =>
  text.replace(
    ENCODED_IN_KEYS,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
const fromFieldKey = (key: string) =>
  key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/** What one petition adds to its periods' figures. */
export interface PetitionContribution {
  counts: PetitionCounts;
  source: string;
  topics: string[];
}

export function contributionOf(
  petition: PetitionFacts & { topics?: string[] },
  calendar: WorkingDayCalendar,
): PetitionContribution {
  return {
    counts: countsOf(petition, calendar),
    source: petition.source,
    topics: petition.topics ?? [],
  };
}

const SESSION_FIELD: Record<string, "planned" | "held" | "cancelled" | undefined> = {
  planned: "planned",
  announced: "planned",
  postponed: "planned",
  held: "held",
  minutes_published: "held",
  closed: "held",
  cancelled: "cancelled",
};

/** A change of figures: `$inc` paths and amounts. */
export type FiguresDelta = Record<string, number>;

function countsDelta(prefix: string, counts: PetitionCounts, sign: 1 | -1, into: FiguresDelta) {
  for (const [field, value] of Object.entries(counts)) {
    if (field === "workingDays") {
      for (const [days, n] of Object.entries(value as Record<string, number>)) {
        into[`${prefix}.workingDays.${days}`] =
          (into[`${prefix}.workingDays.${days}`] ?? 0) + sign * n;
      }
    } else if (value !== 0) {
      into[`${prefix}.${field}`] = (into[`${prefix}.${field}`] ?? 0) + sign * (value as number);
    }
  }
}

/** The change of figures when a petition goes from `before` (or nothing) to `after`. */
export function petitionDelta(
  before: PetitionContribution | undefined,
  after: PetitionContribution,
): FiguresDelta {
  const delta: FiguresDelta = {};
  for (const [contribution, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!contribution) continue;
    countsDelta("petitions.counts", contribution.counts, sign, delta);
    countsDelta(
      `petitions.byChannel.${fieldKey(contribution.source)}`,
      contribution.counts,
      sign,
      delta,
    );
    for (const topic of contribution.topics) {
      const path = `petitions.byTopic.${fieldKey(topic)}`;
      delta[path] = (delta[path] ?? 0) + sign;
    }
  }
  for (const [path, n] of Object.entries(delta)) if (n === 0) delete delta[path];
  return delta;
}

/** The change of figures when a session goes from one status to another (or appears). */
export function sessionDelta(status: string, sign: 1 | -1): FiguresDelta {
  const field = SESSION_FIELD[status];
  return field ? { [`sessions.${field}`]: sign } : {};
}

export const receptionMissDelta: FiguresDelta = { "receptions.missed": 1 };

/** Adds a delta to a figures document held in memory (the rebuild's fold), as `$inc` would. */
export function applyDelta(document: Record<string, unknown>, delta: FiguresDelta) {
  for (const [path, n] of Object.entries(delta)) {
    const keys = path.split(".");
    let node = document;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    const last = keys.at(-1) as string;
    node[last] = ((node[last] as number | undefined) ?? 0) + n;
  }
}

/** An empty figures document: what a unit and period without any event have. */
export function emptyFigures(
  unitCode: string,
  period: Period,
  at: Date,
): Required<FiguresDocument> {
  return {
    _id: figuresId(unitCode, period.key),
    unitCode,
    period,
    petitions: { counts: emptyCounts(), byChannel: {}, byTopic: {} },
    sessions: { planned: 0, held: 0, cancelled: 0 },
    receptions: { missed: 0 },
    revision: 0,
    version: 0,
    asOf: at.toISOString(),
  };
}

/**
 * The stored figures whose sum is a unit's figures for a period: those of the units whose facts
 * count for it (`recordedCodes`, by attribution), for the period itself or, for a quarter or a
 * year, for each of its months. Units above are summed when read, not written with every event,
 * so an event changes its own unit's day and month only.
 */
export function storedPartsOf(
  units: UnitRegistry,
  unitCode: string,
  period: Period,
  today: LocalDate,
  attribution: Attribution = "re-attributed",
): { unitCode: string; period: Period }[] {
  const periods = isSummedPeriod(period) ? monthsOf(period) : [period];
  return periods.flatMap((p) =>
    recordedCodes(units, unitCode, p, today, attribution).map((code) => ({
      unitCode: code,
      period: p,
    })),
  );
}

/** Adds every count of `part` to `into`, field by field (both as stored). */
function addCounts(into: Record<string, unknown>, part: Record<string, unknown>) {
  for (const [key, value] of Object.entries(part)) {
    if (typeof value === "number") into[key] = ((into[key] as number | undefined) ?? 0) + value;
    else if (value && typeof value === "object") {
      into[key] ??= {};
      addCounts(into[key] as Record<string, unknown>, value as Record<string, unknown>);
    }
  }
}

/**
 * A unit's figures for a period from its stored parts (`storedPartsOf`), with the sum of their
 * revisions. As of the newest part; as of `at` when none has any.
 */
export function sumFigures(
  unitCode: string,
  period: Period,
  parts: readonly FiguresDocument[],
  at: Date,
): Required<FiguresDocument> {
  const sum = emptyFigures(unitCode, period, at);
  let newest: FiguresDocument | undefined;
  for (const part of parts) {
    if (part.version === 0) continue; // never written: nothing to add
    // As stored, a document has only the fields its changes touched (a month with sessions
    // and no petition has no `petitions`).
    addCounts(sum.petitions as unknown as Record<string, unknown>, part.petitions ?? {});
    addCounts(sum.sessions, part.sessions ?? {});
    addCounts(sum.receptions, part.receptions ?? {});
    sum.revision += part.revision;
    if (part.version > (newest?.version ?? 0)) newest = part;
  }
  if (newest) {
    sum.version = newest.version;
    sum.asOf = newest.asOf;
  }
  return sum;
}

/** Counts as stored may lack fields nothing has touched yet; never negative when read. */
function complete(counts: Partial<PetitionCounts> | undefined): PetitionCounts {
  const all: PetitionCounts = { ...emptyCounts(), ...counts, workingDays: {} };
  for (const key of Object.keys(all) as (keyof PetitionCounts)[]) {
    if (key !== "workingDays" && all[key] < 0) all[key] = 0;
  }
  for (const [days, n] of Object.entries(counts?.workingDays ?? {})) {
    if (n > 0) all.workingDays[days] = n;
  }
  return all;
}

/** The figures as dashboards show them: the shared metrics from the counts. */
export function presentFigures(doc: FiguresDocument) {
  const { period, petitions } = doc;
  return {
    period: {
      kind: period.kind,
      key: period.key,
      firstDay: period.firstDay,
      lastDay: period.lastDay,
    },
    petitions: {
      ...metricsFromCounts(complete(petitions?.counts)),
      byChannel: Object.fromEntries(
        Object.entries(petitions?.byChannel ?? {})
          .filter(([, counts]) => (counts.received ?? 0) > 0)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([source, counts]) => [fromFieldKey(source), metricsFromCounts(complete(counts))]),
      ),
      // Most frequent first (as a dashboard lists them), then by name: the same order whichever
      // event first counted a topic in the stored document.
      byTopic: Object.fromEntries(
        Object.entries(petitions?.byTopic ?? {})
          .filter(([, n]) => n > 0)
          .map(([topic, n]) => [fromFieldKey(topic), n] as const)
          .sort(([a, m], [b, n]) => n - m || a.localeCompare(b, "vi")),
      ),
    },
    sessions: {
      planned: doc.sessions?.planned ?? 0,
      held: doc.sessions?.held ?? 0,
      cancelled: doc.sessions?.cancelled ?? 0,
    },
    receptions: { missed: doc.receptions?.missed ?? 0 },
    asOf: doc.asOf,
  };
}

export type Figures = ReturnType<typeof presentFigures>;

import { addDays, type LocalDate } from "../calendar/local-date.ts";
import { todayInVietnam } from "../calendar/zone.ts";
import { compareVietnamese } from "../text/collation.ts";
import { matchesTokens, searchTokens } from "../text/tokens.ts";
import {
  type AdministrativeUnit,
  isValidOn,
  type LineageEvent,
  type UnitDataset,
} from "./model.ts";
import { assertValidUnitDataset } from "./validate.ts";

export interface UnitRegistryOptions {
  /** What "today" is, for lookups without a date; by default the date in Vietnam now. */
  readonly today?: () => LocalDate;
}

export interface UnitSearchOptions {
  /** Only units valid on this date; by default every record, those valid today first. */
  readonly at?: LocalDate;
  readonly limit?: number;
}

/**
 * Lookups over a validated dataset. Dates default to today in Vietnam. A code that is not valid
 * at the date asked about gives `undefined` or an empty list, never an error.
 */
export interface UnitRegistry {
  readonly dataset: UnitDataset;
  /** The record of `code` valid at `at`. */
  get(code: string, at?: LocalDate): AdministrativeUnit | undefined;
  /** Every record of `code`, oldest first. */
  history(code: string): readonly AdministrativeUnit[];
  validAt(code: string, date: LocalDate): boolean;
  /** Every unit valid at `date`, by code. */
  validOn(date: LocalDate): AdministrativeUnit[];
  /** The lineage events that began or ended a record of `code`, oldest first. */
  lineageOf(code: string): LineageEvent[];
  /** The units directly under `code` at `at`, by code. */
  children(code: string, at?: LocalDate): AdministrativeUnit[];
  /** Parent, grandparent, … of `code` as they were at `at`. */
  ancestors(code: string, at?: LocalDate): AdministrativeUnit[];
  /**
   * The units valid at `date` that `code` became, following lineage (a merge gives one, a split
   * several, an abolished unit none) and a code's own next record. Starts from the record valid at
   * `recordedAt` when given (a fact stores the code valid when it happened), else from every record
   * of the code. A unit still valid at `date` is its own successor.
   */
  successorsAt(code: string, date: LocalDate, recordedAt?: LocalDate): AdministrativeUnit[];
  successorsToday(code: string, recordedAt?: LocalDate): AdministrativeUnit[];
  /**
   * The units valid at `date` that became `code` as it is at `at` — what "re-attributed to today's
   * units" adds up: the predecessors of a merged commune are the communes merged into it.
   */
  predecessorsAt(code: string, date: LocalDate, at?: LocalDate): AdministrativeUnit[];
  /**
   * The one unit valid at `date` that a fact recorded under `code` at `recordedAt` counts for in
   * figures "re-attributed to today's units": lineage followed forward, a split to the successor
   * its event names in `attributeTo`. `undefined` when the unit was abolished or did not exist.
   */
  attributedAt(
    code: string,
    recordedAt: LocalDate,
    date: LocalDate,
  ): AdministrativeUnit | undefined;
  /**
   * The reverse of `attributedAt`: the units valid at `date` whose facts count for `code` (as it is
   * at `at`) when re-attributed — `predecessorsAt` without the split units it does not inherit.
   */
  attributedFromAt(code: string, date: LocalDate, at?: LocalDate): AdministrativeUnit[];
  /**
   * Units whose name or code matches every word of the query (folded, by prefix, as `matchesQuery`):
   * "ha noi", "HÀ NỘI" and "Hà Nội" find the same. An empty query finds nothing.
   */
  search(query: string, options?: UnitSearchOptions): AdministrativeUnit[];
}

const key = (code: string, date: LocalDate) => `${code}|${date}`;

function indexEvents(
  lineage: readonly LineageEvent[],
  side: "from" | "to",
): Map<string, LineageEvent[]> {
  const index = new Map<string, LineageEvent[]>();
  for (const event of lineage) {
    // `from` codes end the day before the event; both sides are keyed by the event's date.
    for (const code of event[side]) {
      const eventKey = key(code, event.effective);
      index.set(eventKey, [...(index.get(eventKey) ?? []), event]);
    }
  }
  return index;
}

const byCode = (a: AdministrativeUnit, b: AdministrativeUnit) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : a.validFrom < b.validFrom ? -1 : 1;

/** Builds the registry; throws UnitDatasetError listing every problem of an invalid dataset. */
export function createUnitRegistry(
  dataset: UnitDataset,
  options: UnitRegistryOptions = {},
): UnitRegistry {
  const validated = assertValidUnitDataset(dataset);
  const { units, lineage } = validated;
  const today = options.today ?? (() => todayInVietnam());

  const records = new Map<string, AdministrativeUnit[]>();
  for (const unit of units) records.set(unit.code, [...(records.get(unit.code) ?? []), unit]);
  // Children by parent, and the units valid on a day (asked with the same few days again and
  // again: today, a period's bounds): lookups, not scans of the whole country.
  const byParent = new Map<string, AdministrativeUnit[]>();
  for (const unit of [...units].sort(byCode)) {
    if (unit.parentCode === undefined) continue;
    byParent.set(unit.parentCode, [...(byParent.get(unit.parentCode) ?? []), unit]);
  }
  const validOnDay = new Map<LocalDate, AdministrativeUnit[]>();
  const validOn = (date: LocalDate) => {
    let found = validOnDay.get(date);
    if (found === undefined) {
      if (validOnDay.size > 100) validOnDay.clear();
      found = units.filter((unit) => isValidOn(unit, date)).sort(byCode);
      validOnDay.set(date, found);
    }
    return [...found];
  };
  const eventsByCode = new Map<string, LineageEvent[]>();
  for (const event of lineage) {
    for (const code of new Set([...event.from, ...event.to])) {
      eventsByCode.set(code, [...(eventsByCode.get(code) ?? []), event]);
    }
  }
  const eventsFrom = indexEvents(lineage, "from");
  const eventsTo = indexEvents(lineage, "to");
  const tokens = new Map(units.map((unit) => [unit, searchTokens(`${unit.name} ${unit.code}`)]));

  const history = (code: string) => records.get(code) ?? [];
  const get = (code: string, at: LocalDate = today()) =>
    history(code).find((unit) => isValidOn(unit, at));
  const starting = (code: string, day: LocalDate) =>
    history(code).find((unit) => unit.validFrom === day);
  const ending = (code: string, day: LocalDate) =>
    history(code).find((unit) => unit.validTo === day);

  /** Where an event takes its `from` units: every successor, or only the attributed one. */
  type Successors = (event: LineageEvent) => readonly string[];
  const allSuccessors: Successors = (event) => event.to;
  const attributedSuccessor: Successors = (event) =>
    event.attributeTo === undefined ? event.to : [event.attributeTo];

  function nextBy(successors: Successors) {
    return (unit: AdministrativeUnit): AdministrativeUnit[] => {
      if (unit.validTo === undefined) return [];
      const effective = addDays(unit.validTo, 1);
      const events = eventsFrom.get(key(unit.code, effective));
      if (events === undefined)
        return [starting(unit.code, effective)].filter((found) => found !== undefined);
      return events
        .flatMap((event) => successors(event).map((code) => starting(code, effective)))
        .filter((found) => found !== undefined);
    };
  }

  const previousBy = (successors: Successors) => (unit: AdministrativeUnit) => {
    const dayBefore = addDays(unit.validFrom, -1);
    const fromEvents = (eventsTo.get(key(unit.code, unit.validFrom)) ?? [])
      .filter((event) => successors(event).includes(unit.code))
      .flatMap((event) => event.from.map((code) => ending(code, dayBefore)));
    // The code's previous record continues into this one unless an event took it elsewhere.
    const ownPrevious = eventsFrom.has(key(unit.code, unit.validFrom))
      ? undefined
      : ending(unit.code, dayBefore);
    return [...fromEvents, ownPrevious].filter((found) => found !== undefined);
  };

  /** Follows `step` from `start` until records valid at `date`; `beyond` says a record cannot lead there. */
  function follow(
    start: readonly AdministrativeUnit[],
    date: LocalDate,
    step: (unit: AdministrativeUnit) => AdministrativeUnit[],
    beyond: (unit: AdministrativeUnit) => boolean,
  ): AdministrativeUnit[] {
    const found = new Set<AdministrativeUnit>();
    const seen = new Set<AdministrativeUnit>();
    const queue = [...start];
    for (let unit = queue.shift(); unit !== undefined; unit = queue.shift()) {
      if (seen.has(unit)) continue;
      seen.add(unit);
      if (isValidOn(unit, date)) found.add(unit);
      else if (!beyond(unit)) queue.push(...step(unit));
    }
    return [...found].sort(byCode);
  }

  function successorsAt(
    code: string,
    date: LocalDate,
    recordedAt?: LocalDate,
  ): AdministrativeUnit[] {
    const start =
      recordedAt === undefined
        ? history(code)
        : [get(code, recordedAt)].filter((unit) => unit !== undefined);
    return follow(start, date, nextBy(allSuccessors), (unit) => unit.validFrom > date);
  }

  const predecessorsBy =
    (successors: Successors) =>
    (code: string, date: LocalDate, at: LocalDate = today()): AdministrativeUnit[] => {
      const start = [get(code, at)].filter((unit) => unit !== undefined);
      return follow(
        start,
        date,
        previousBy(successors),
        (unit) => unit.validTo !== undefined && unit.validTo < date,
      );
    };

  function attributedAt(
    code: string,
    recordedAt: LocalDate,
    date: LocalDate,
  ): AdministrativeUnit | undefined {
    const start = [get(code, recordedAt)].filter((unit) => unit !== undefined);
    // One successor per step, so at most one unit is reached.
    return follow(start, date, nextBy(attributedSuccessor), (unit) => unit.validFrom > date)[0];
  }

  function ancestors(code: string, at: LocalDate = today()): AdministrativeUnit[] {
    const chain: AdministrativeUnit[] = [];
    for (let unit = get(code, at); unit?.parentCode !== undefined; ) {
      unit = get(unit.parentCode, at);
      if (unit !== undefined) chain.push(unit);
    }
    return chain;
  }

  function search(query: string, searchOptions: UnitSearchOptions = {}): AdministrativeUnit[] {
    const queryTokens = searchTokens(query);
    if (queryTokens.length === 0) return [];
    const { at, limit } = searchOptions;
    const reference = at ?? today();
    const found = units.filter(
      (unit) =>
        (at === undefined || isValidOn(unit, at)) &&
        matchesTokens(tokens.get(unit) ?? [], queryTokens),
    );
    const current = (unit: AdministrativeUnit) => (isValidOn(unit, reference) ? 0 : 1);
    found.sort(
      (a, b) => current(a) - current(b) || compareVietnamese(a.name, b.name) || byCode(a, b),
    );
    return limit === undefined ? found : found.slice(0, limit);
  }

  return {
    dataset: validated,
    get,
    history,
    validAt: (code, date) => get(code, date) !== undefined,
    validOn,
    lineageOf: (code) => [...(eventsByCode.get(code) ?? [])],
    children: (code, at = today()) =>
      (byParent.get(code) ?? []).filter((unit) => isValidOn(unit, at)),
    ancestors,
    successorsAt,
    successorsToday: (code, recordedAt) => successorsAt(code, today(), recordedAt),
    predecessorsAt: predecessorsBy(allSuccessors),
    attributedAt,
    attributedFromAt: predecessorsBy(attributedSuccessor),
    search,
  };
}

import type { Logger } from "@danvan/platform/log";
import type { LocalDate } from "@danvan/vietnam/calendar";
import { todayInVietnam } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import type { ActiveReadSide } from "../projection/active-read-side.ts";
import type { WrittenFigures } from "../projection/figures-writer.ts";
import { periodsSummingMonth } from "../projection/periods.ts";
import type { Alert, StoredAlert } from "../projection/views.ts";

export type Change =
  | {
      kind: "figures";
      /** The figure that changed. */
      unitCode: string;
      period: string;
      asOf: string;
      /** The stored document whose change it is (one of the figure's parts). */
      stored: { id: string; revision: number };
    }
  | { kind: "alert"; alert: Alert };

/**
 * What changed in the read models, for every replica: figures recomputed and alerts raised,
 * told by this replica's projection as it writes them, and found by polling (a replica learns
 * of changes another replica's consumer made). Looks back a
 * little to catch writes that finished out of order or by a clock that is behind, and reports
 * each change once: a figures document's by its revision, which only grows.
 */
export function createChangeFeed(options: {
  readSide: ActiveReadSide;
  units: UnitRegistry;
  logger: Logger;
  now?: () => Date;
  pollMs?: number;
  lookbackMs?: number;
}) {
  const pollMs = options.pollMs ?? 100;
  const now = options.now ?? (() => new Date());
  const lookbackMs = options.lookbackMs ?? 2000;
  const listeners = new Set<(change: Change) => void>();
  const stopListeners = new Set<() => void>();
  const seen = new Map<string, { order: number; at: number }>();
  let since = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let switchCheckedAt = 0;

  /** Whether `key` is newer (`order`) than what was reported of it; `at` is when, for forgetting it. */
  const isNew = (key: string, order: number, at: number) => {
    if ((seen.get(key)?.order ?? -1) >= order) return false;
    seen.set(key, { order, at });
    return true;
  };
  const emit = (change: Change) => {
    for (const listener of listeners) listener(change);
  };
  /**
   * The units whose figures count a stored document's unit: as recorded, it and the units above
   * it then; re-attributed, the unit of today it counts for (itself, or a merged commune's
   * successor) and those above it today.
   */
  function unitsCounting(unitCode: string, day: LocalDate): Set<string> {
    const today = todayInVietnam(now());
    const attributed = options.units.attributedAt(unitCode, day, today);
    return new Set([
      unitCode,
      ...[
        ...options.units.ancestors(unitCode, day),
        ...(attributed ? [attributed, ...options.units.ancestors(attributed.code, today)] : []),
      ].map((unit) => unit.code),
    ]);
  }
  function reportFigures(f: WrittenFigures) {
    // Each revision of a stored document once (the poll finds it again for a while).
    if (!isNew(`figures|${f._id}`, f.revision, f.version)) return;
    // A stored document's change is a change of every figure it is part of: its unit's and
    // those counting it, for its period and (a month) the quarter and the year.
    const periods = [
      f.period.key,
      ...(f.period.kind === "month" ? periodsSummingMonth(f.period).map((p) => p.key) : []),
    ];
    for (const unitCode of unitsCounting(f.unitCode, f.period.firstDay)) {
      for (const period of periods) {
        const stored = { id: f._id, revision: f.revision };
        emit({ kind: "figures", unitCode, period, asOf: f.asOf, stored });
      }
    }
  }
  function reportAlert({ recordedAt, ...alert }: StoredAlert) {
    if (isNew(`alert|${alert._id}`, recordedAt, recordedAt)) emit({ kind: "alert", alert });
  }
  // What this replica's projection wrote is reported as it lands; the poll finds the same again
  // (reported once) and what other replicas wrote.
  options.readSide.onWritten((written) => {
    if (stopped) return;
    for (const f of written.figures) reportFigures(f);
    for (const alert of written.alerts) reportAlert(alert);
  });

  async function poll() {
    // A rebuild's switch is rare and its grace period (3 s) long: looked for once a second, not
    // on every poll (each poll is a request to a database that serves one at a time here).
    if (Date.now() - switchCheckedAt >= 1000) {
      switchCheckedAt = Date.now();
      await options.readSide.refresh();
    }
    const { figures, store } = options.readSide.current;
    const from = since - lookbackMs;
    const [changedFigures, newAlerts] = await Promise.all([
      figures
        .find(
          { version: { $gt: from } },
          { projection: { unitCode: 1, period: 1, asOf: 1, revision: 1, version: 1 } },
        )
        .toArray() as Promise<WrittenFigures[]>,
      // By when this read side recorded them, not the event's own time (another machine's clock,
      // or a service's moved one in tests, may put that anywhere).
      store.alerts.find({ recordedAt: { $gt: from } }).toArray(),
    ]);
    let newest = since;
    for (const f of changedFigures) {
      newest = Math.max(newest, f.version);
      reportFigures(f);
    }
    for (const alert of newAlerts) {
      newest = Math.max(newest, alert.recordedAt);
      reportAlert(alert);
    }
    since = newest;
    for (const [key, { at }] of seen) {
      if (at < since - 2 * lookbackMs) seen.delete(key);
    }
    if (seen.size > 50_000) seen.clear();
  }

  function loop() {
    if (stopped) return;
    timer = setTimeout(() => {
      poll()
        .catch((error) => options.logger.warn({ err: error }, "change feed poll failed"))
        .finally(loop);
    }, pollMs);
  }

  return {
    name: "change-feed",
    subscribe(listener: (change: Change) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Called when shutdown begins and when the feed stops: open streams end, the server can close. */
    onStop(listener: () => void) {
      stopListeners.add(listener);
      return () => stopListeners.delete(listener);
    },
    start() {
      stopped = false;
      loop();
    },
    beforeDrain() {
      for (const listener of stopListeners) listener();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const listener of stopListeners) listener();
    },
  };
}

export type ChangeFeed = ReturnType<typeof createChangeFeed>;

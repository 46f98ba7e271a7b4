import type { Logger } from "@danvan/platform/log";
import type { Database } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { figuresCollection } from "./figures.ts";
import { createFiguresUpdater } from "./figures-updater.ts";
import { createProjection } from "./handler.ts";
import { createReadModelStore } from "./views.ts";

/**
 * The gateway's read side on a database: read models, figures, the updater that keeps figures
 * due, and the handler the `gateway` consumer group feeds. `prefix` names a second, fresh set
 * of collections (a rebuild's).
 */
export async function createReadSide(options: {
  database: Database;
  units: UnitRegistry;
  calendar: () => WorkingDayCalendar;
  logger: Logger;
  prefix?: string;
  tickMs?: number;
  now?: () => Date;
}) {
  const store = await createReadModelStore(options.database, options.prefix);
  const figures = await figuresCollection(options.database, options.prefix);
  const updater = createFiguresUpdater({
    store,
    figures,
    calendar: options.calendar,
    units: options.units,
    logger: options.logger,
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const handle = createProjection({ store, figures: updater });
  return { store, figures, updater, handle };
}

export type ReadSide = Awaited<ReturnType<typeof createReadSide>>;

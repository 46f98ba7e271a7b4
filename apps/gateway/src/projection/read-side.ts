import type { Database } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { figuresCollection } from "./figures.ts";
import { createFiguresWriter } from "./figures-writer.ts";
import { createProjection } from "./handler.ts";
import { createReadModelStore } from "./views.ts";

/**
 * The gateway's read side on a database: read models, figures, and the handler the `gateway`
 * consumer group feeds. `prefix` names a second, fresh set of collections (a rebuild's).
 */
export async function createReadSide(options: {
  database: Database;
  units: UnitRegistry;
  calendar: () => WorkingDayCalendar;
  prefix?: string;
  now?: () => Date;
}) {
  const store = await createReadModelStore(options.database, options.prefix);
  const figures = await figuresCollection(options.database, options.prefix);
  const now = options.now ?? (() => new Date());
  const handle = createProjection({
    store,
    figures: createFiguresWriter({ figures, now }),
    units: options.units,
    calendar: options.calendar,
    now,
  });
  return { store, figures, handle };
}

export type ReadSide = Awaited<ReturnType<typeof createReadSide>>;

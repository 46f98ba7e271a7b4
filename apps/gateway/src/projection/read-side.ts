import type { Database } from "@danvan/platform/mongo";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { figuresCollection, presentFigures } from "./figures.ts";
import { createFiguresWriter } from "./figures-writer.ts";
import type { Written } from "./handler.ts";
import { createProjection } from "./handler.ts";
import { createReadModelStore } from "./views.ts";

/**
 * The gateway's read side on a database: read models, figures, and the handler the `gateway`
 * consumer group feeds. `prefix` names a second, fresh set of collections (a rebuild's).
 */
export async function createReadSide(options: {
  database: Database;
  calendar: () => WorkingDayCalendar;
  prefix?: string;
  now?: () => Date;
  /** Told of what each batch wrote (the change feed's announcements). */
  announce?: (written: Written) => void;
}) {
  const store = await createReadModelStore(options.database, options.prefix);
  const figures = await figuresCollection(options.database, options.prefix);
  const now = options.now ?? (() => new Date());
  const handle = createProjection({
    store,
    figures: createFiguresWriter({ figures, now }),
    calendar: options.calendar,
    ...(options.announce ? { announce: options.announce } : {}),
  });
  return { store, figures, handle };
}

export type ReadSide = Awaited<ReturnType<typeof createReadSide>>;

/**
 * What readers can see of a read side, for comparing two (a rebuild with the live one, replays
 * with each other): views, alerts and figures as dashboards show them, without when each side
 * computed them (a figure's `asOf`, an alert's `recordedAt`). `withEmptyFigures: false` leaves
 * out figures that count nothing — the live side keeps a document whose counts went back to
 * zero, a rebuild never writes one.
 */
export async function readSideContents(side: ReadSide, options: { withEmptyFigures: boolean }) {
  const figures = (await side.figures.find().sort({ _id: 1 }).toArray()).map((doc) => {
    const { asOf: _asOf, ...shown } = presentFigures(doc);
    return { id: doc._id, ...shown };
  });
  return {
    // Which writer wrote a view is the live side's bookkeeping, not what readers see.
    petitions: await side.store.petitions
      .find({}, { projection: { writtenBy: 0 } })
      .sort({ _id: 1 })
      .toArray(),
    alerts: await side.store.alerts
      .find({}, { projection: { recordedAt: 0 } })
      .sort({ _id: 1 })
      .toArray(),
    figures: options.withEmptyFigures
      ? figures
      : figures.filter(
          (f) =>
            f.petitions.received + f.sessions.planned + f.sessions.held + f.receptions.missed > 0,
        ),
  };
}

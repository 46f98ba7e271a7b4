import type { TokenVerifier } from "@danvan/platform/http";
import { createHttpApp, type ReadinessCheck } from "@danvan/platform/http";
import type { Logger } from "@danvan/platform/log";
import type { Telemetry } from "@danvan/platform/telemetry";
import type { PetitionService } from "./application/petitions.ts";
import type { SessionService } from "./application/sessions.ts";
import type { HolidayTableSource } from "./data/holiday-table.ts";
import type { PetitionStore } from "./data/petitions.ts";
import type { ReceptionStore } from "./data/receptions.ts";
import { holidayRoutes } from "./http/holiday-routes.ts";
import { openApiDocument } from "./http/openapi.ts";
import { petitionRoutes } from "./http/petition-routes.ts";
import { receptionRoutes } from "./http/reception-routes.ts";
import { sessionRoutes } from "./http/session-routes.ts";

export interface AppDependencies {
  logger: Logger;
  telemetry: Telemetry;
  readiness: ReadinessCheck[];
  petitions: PetitionService;
  sessions: SessionService;
  receptions: ReceptionStore;
  holidays: HolidayTableSource;
  petitionStore: PetitionStore;
  verify: TokenVerifier;
}

/** The dialogues HTTP app without listening: main.ts serves it, tests run it in-process. */
export function createApp(deps: AppDependencies) {
  return createHttpApp({
    logger: deps.logger,
    telemetry: deps.telemetry,
    readiness: deps.readiness,
    routes: (app) => {
      const document = openApiDocument();
      app.get("/openapi.json", (_req, res) => {
        res.json(document);
      });
      petitionRoutes(deps.petitions, deps.verify)(app);
      sessionRoutes(deps.sessions, deps.verify)(app);
      receptionRoutes(deps.receptions, deps.verify)(app);
      holidayRoutes({
        source: deps.holidays,
        store: deps.petitionStore,
        petitions: deps.petitions,
        verify: deps.verify,
        logger: deps.logger,
      })(app);
    },
  });
}

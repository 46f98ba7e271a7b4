// The composition root: the kit runs the process (configuration, connections, listening,
// graceful shutdown); the service is what assemble.ts makes of it.
import { tokenVerifierFrom } from "@danvan/platform/http";
import { loadUnitRegistry } from "@danvan/platform/reference";
import { runService } from "@danvan/platform/service";
import { assembleDialogues } from "./assemble.ts";
import { configSchema } from "./config.ts";

await runService({
  name: "dialogues",
  configSchema,
  prepare: async (config) => ({
    verify: await tokenVerifierFrom(config),
    units: await loadUnitRegistry(config.UNITS_FILE),
  }),
  assemble: (runtime, { verify, units }) => assembleDialogues(runtime, { verify, units }),
});

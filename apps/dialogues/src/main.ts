// The composition root: the kit runs the process (configuration, connections, listening,
// graceful shutdown); the service is what assemble.ts makes of it.
import { tokenVerifierFrom } from "@danvan/platform/http";
import { runService } from "@danvan/platform/service";
import { assembleDialogues } from "./assemble.ts";
import { configSchema } from "./config.ts";

await runService({
  name: "dialogues",
  configSchema,
  prepare: tokenVerifierFrom,
  assemble: (runtime, verify) => assembleDialogues(runtime, { verify }),
});

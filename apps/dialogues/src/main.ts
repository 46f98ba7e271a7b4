// The composition root: the kit runs the process (configuration, connections, listening,
// graceful shutdown); the service is what assemble.ts makes of it.
import { createTokenVerifier, jwksFrom } from "@danvan/platform/http";
import { runService } from "@danvan/platform/service";
import { assembleDialogues } from "./assemble.ts";
import { configSchema } from "./config.ts";

await runService({
  name: "dialogues",
  configSchema,
  prepare: (config) => jwksFrom({ url: config.JWT_JWKS_URL, file: config.JWT_JWKS_FILE }),
  assemble: (runtime, jwks) =>
    assembleDialogues(runtime, {
      verify: createTokenVerifier({
        jwks,
        issuer: runtime.config.JWT_ISSUER,
        audience: runtime.config.JWT_AUDIENCE,
      }),
    }),
});

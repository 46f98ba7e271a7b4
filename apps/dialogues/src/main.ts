// The composition root: the platform runs the process (config, connections, listening, graceful
// shutdown); this file says what the dialogues service is made of and how it stops.
import { createTokenVerifier, jwksFrom } from "@danvan/platform/http";
import { runService } from "@danvan/platform/service";
import { assembleDialogues } from "./assemble.ts";
import { configSchema } from "./config.ts";

await runService({
  name: "dialogues",
  configSchema,
  prepare: (config) => jwksFrom({ url: config.JWT_JWKS_URL, file: config.JWT_JWKS_FILE }),
  async assemble({ config, prepared: jwks, logger, ...runtime }) {
    const dialogues = await assembleDialogues({
      ...runtime,
      config,
      logger,
      verify: createTokenVerifier({
        jwks,
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
      }),
    });
    return {
      app: dialogues.app,
      start: () => dialogues.start(),
      shutdownSteps: [
        {
          name: "stop the jobs",
          run: async () => {
            dialogues.receptionCheck.stop();
            await dialogues.deadlines.stop();
          },
        },
        {
          name: "flush the outbox",
          // Two thirds of the budget, so the steps after it still fit. Events left unpublished
          // stay in their documents and go out at the next start: nothing is lost.
          run: async () => {
            const flushed = await dialogues.relay.flush(
              Math.floor((config.SHUTDOWN_TIMEOUT_MS * 2) / 3),
            );
            if (!flushed)
              logger.warn("outbox not empty at shutdown; the next start publishes the rest");
          },
        },
        { name: "stop the relay", run: () => dialogues.relay.stop() },
        { name: "disconnect from Kafka", run: () => dialogues.producer.disconnect() },
      ],
    };
  },
});

// The composition root: the platform runs the process (config, connections, listening, graceful
// shutdown); this file says what the gateway is made of, how it starts and how it stops.
import { runService } from "@danvan/platform/service";
import { ensureFirstAdministrator } from "./application/first-administrator.ts";
import { assembleGateway } from "./assemble.ts";
import { configSchema } from "./config.ts";
import { loadUnits } from "./units.ts";

await runService({
  name: "gateway",
  configSchema,
  prepare: (config) => loadUnits(config.UNITS_FILE),
  async assemble({ config, prepared: units, logger, ...runtime }) {
    const gateway = await assembleGateway({ ...runtime, config, logger, units });
    const first = await ensureFirstAdministrator({
      users: gateway.users,
      audit: gateway.audit,
      username: config.ADMIN_USERNAME,
      password: config.ADMIN_PASSWORD,
      passwordCost: config.PASSWORD_HASH_COST,
      now: new Date(),
    });
    if (first) {
      logger.warn({ username: first.username }, "first administrator created");
      // Printed once, to the terminal only: a password never goes into the logs.
      if (first.generatedPassword) {
        process.stderr.write(
          `\nFirst administrator: ${first.username}  password: ${first.generatedPassword}\n` +
            "Change it after the first login (POST /api/v1/auth/password).\n\n",
        );
      }
    }
    return {
      app: gateway.app,
      start: () => gateway.start(),
      shutdownSteps: [{ name: "stop consuming and the live streams", run: () => gateway.stop() }],
    };
  },
});

// The composition root: the kit runs the process (configuration, connections, listening,
// graceful shutdown); the gateway is what assemble.ts makes of it, with a first administrator.
import { loadUnitRegistry } from "@danvan/platform/reference";
import { runService } from "@danvan/platform/service";
import { ensureFirstAdministrator } from "./application/first-administrator.ts";
import { assembleGateway } from "./assemble.ts";
import { configSchema } from "./config.ts";

await runService({
  name: "gateway",
  configSchema,
  prepare: (config) => loadUnitRegistry(config.UNITS_FILE),
  async assemble(runtime, units) {
    const gateway = await assembleGateway(runtime, { units });
    const { config, logger } = runtime;
    const first = await ensureFirstAdministrator({
      users: gateway.users,
      audit: gateway.audit,
      username: config.ADMIN_USERNAME,
      password: config.ADMIN_PASSWORD,
      passwordMemoryKib: config.PASSWORD_HASH_MEMORY_KIB,
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
    return gateway;
  },
});

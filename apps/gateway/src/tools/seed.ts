// `npm run seed -w apps/gateway` (npm start runs it): demo users for the demo data of the
// services, once, through the administration use case (so the audit trail shows them). One
// development password for all, printed by npm start; never use these users in production.
import { parseCommandLine } from "@danvan/platform/cli";
import { loadConfig } from "@danvan/platform/config";
import { loadUnitRegistry } from "@danvan/platform/reference";
import { connectServiceRuntime } from "@danvan/platform/service";
import { assembleGateway } from "../assemble.ts";
import { configSchema } from "../config.ts";
import { DEMO_PASSWORD, demoUsers } from "./demo-users.ts";

parseCommandLine({
  usage: "npm run seed -w apps/gateway",
  summary:
    "Creates the demo users (one password for all, printed by npm start) through the user " +
    "administration, when the gateway has no user yet; otherwise changes nothing.",
  environment: { "MONGO_URL, MONGO_DATABASE, …": "as the gateway reads them (its README)" },
});

const config = loadConfig(configSchema);
const runtime = await connectServiceRuntime({ name: "gateway-seed", config });
// Not started: nothing is served or consumed; the administration writes as it does for requests.
const gateway = await assembleGateway(runtime, {
  units: await loadUnitRegistry(config.UNITS_FILE),
});
if ((await gateway.users.count()) > 0) {
  process.stdout.write("gateway: users exist already; no demo users added\n");
  await runtime.close();
  process.exit(0);
}
const actor = { userId: "system:demo-data", ip: "127.0.0.1", correlationId: "demo-data" };
const validFrom = "2025-07-01T00:00:00.000+07:00";
for (const user of demoUsers) {
  await gateway.admin.create(
    {
      username: user.username,
      displayName: user.displayName,
      password: DEMO_PASSWORD,
      grants: user.grants,
      assignments: [
        {
          role: user.role,
          units: user.units,
          agencies: user.agencies,
          validFrom: new Date(validFrom).toISOString(),
        },
      ],
    },
    actor,
  );
}
process.stdout.write(
  `gateway: demo users loaded: ${demoUsers.map((u) => u.username).join(", ")}\n`,
);
await runtime.close();

// `npm run seed -w apps/gateway` (npm start runs it): demo users for the demo data of the
// services, once, through the administration use case (so the audit trail shows them). One
// development password for all, printed by npm start; never use these users in production.
import { env, loadConfig } from "@danvan/platform/config";
import { connectDatabase } from "@danvan/platform/mongo";
import { z } from "zod";
import { createUserAdministration } from "../application/users.ts";
import { createAuditLog } from "../data/audit.ts";
import { createLoginSessionStore } from "../data/login-sessions.ts";
import { createUserStore } from "../data/users.ts";
import { DEMO_PASSWORD, demoUsers } from "./demo-users.ts";

const config = loadConfig(
  z.object({
    MONGO_URL: env.mongoUrl(),
    MONGO_DATABASE: z.string().default("gateway"),
    PASSWORD_HASH_COST: env.integer(15, { min: 10, max: 20 }, "scrypt cost"),
  }),
);
const database = await connectDatabase(config.MONGO_URL, config.MONGO_DATABASE);
const users = await createUserStore(database);
if ((await users.count()) > 0) {
  process.stdout.write("gateway: users exist already; no demo users added\n");
  await database.close();
  process.exit(0);
}
const admin = createUserAdministration({
  users,
  sessions: await createLoginSessionStore(database),
  audit: await createAuditLog(database),
  policy: {
    sessionDays: 14,
    maxFailures: 5,
    lockMinutes: 15,
    passwordCost: config.PASSWORD_HASH_COST,
    passwordMinLength: 10,
  },
  now: () => new Date(),
});
const actor = { userId: "system:demo-data", ip: "127.0.0.1", correlationId: "demo-data" };
const validFrom = "2025-07-01T00:00:00.000+07:00";
for (const user of demoUsers) {
  await admin.create(
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
await database.close();

// `npm start`: installs what is missing (the prestart hook), starts Kafka and the database,
// builds every workspace, loads each app's demo data, starts every app and says what runs where.
// Ctrl-C stops the apps; the infrastructure stays up for the next start (infra/local/down).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEV_AUDIENCE, DEV_ISSUER, devIdentity } from "./dev-identity.ts";
import { acquireInfrastructure, runStep } from "./infrastructure.ts";

process.env.TURBO_TELEMETRY_DISABLED = "1";

interface App {
  name: string;
  dir: string;
  /** The port it listens on, from the app's package.json `danvan.port`. */
  port: number | undefined;
  hasSeed: boolean;
  /** Lines to print once everything runs (package.json `danvan.welcome`): how to log in, … */
  welcome: string[];
  /** Printed before the others (package.json `danvan.first`): where people go, the web app. */
  first: boolean;
}

/** Apps are the workspaces under apps/ that have a start script. */
function discoverApps(): App[] {
  if (!existsSync("apps")) return [];
  return readdirSync("apps")
    .map((folder) => join("apps", folder))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name: string;
        scripts?: Record<string, string>;
        danvan?: { port?: number; welcome?: string[]; first?: boolean };
      };
      return {
        name: manifest.name,
        dir,
        port: manifest.danvan?.port,
        hasSeed: manifest.scripts?.seed !== undefined,
        welcome: manifest.danvan?.welcome ?? [],
        first: manifest.danvan?.first === true,
        hasStart: manifest.scripts?.start !== undefined,
      };
    })
    .filter((app) => app.hasStart)
    .sort((a, b) => Number(b.first) - Number(a.first));
}

const infrastructure = await acquireInfrastructure();
const identity = await devIdentity();
const apps = discoverApps();
const gatewayPort = apps.find((app) => app.name === "@danvan/gateway")?.port ?? 3000;
const env = {
  ...process.env,
  KAFKA_BROKERS: infrastructure.kafkaBrokers,
  MONGO_URL: infrastructure.mongoUrl,
  JWT_JWKS_FILE: identity.jwksFile,
  // The services refuse tokens of logins the gateway has ended, as in production.
  JWT_ENDED_SESSIONS_URL: `http://127.0.0.1:${gatewayPort}/api/v1/auth/ended-sessions`,
  JWT_PRIVATE_KEY_FILE: identity.privateKeyFile,
  JWT_ISSUER: DEV_ISSUER,
  JWT_AUDIENCE: DEV_AUDIENCE,
  PERSONAL_DATA_KEYS: identity.personalDataKeys,
  SESSION_SECRETS: identity.webSessionSecrets,
  // The web app calls the gateway for its users, and the gateway the services: each believes
  // the X-Forwarded-For of the one in front of it on this machine (limits are per user address).
  TRUST_PROXY: "loopback",
};

if (apps.length > 0) {
  if (runStep("turbo", ["run", "build", "--output-logs=errors-only"], env) !== 0) {
    console.error("The build failed; nothing was started.");
    process.exit(1);
  }
  for (const app of apps.filter((a) => a.hasSeed)) {
    console.error(`• Loading demo data for ${app.name}…`);
    if (runStep("npm", ["run", "seed", "--workspace", app.dir], env) !== 0) {
      console.error(`Loading demo data for ${app.name} failed; see above.`);
      process.exit(1);
    }
  }
}

let stopping = false;
const children = apps.map((app) => {
  // Its own process group: npm does not pass SIGTERM on to the service it started, so stopping
  // signals the whole group (npm and the service), and the service shuts down gracefully.
  const child = spawn("npm", ["start", "--workspace", app.dir], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  child.on("exit", (code, signal) => {
    if (!stopping)
      console.error(`${app.name} exited (${signal ?? code}); the others keep running.`);
  });
  return child;
});

console.log("\nDân vận platform is running:");
console.log(`  Kafka                   ${infrastructure.kafkaBrokers}`);
console.log(`  MongoDB-compatible DB   ${infrastructure.mongoUrl}`);
for (const app of apps) {
  const where = app.port === undefined ? "(no HTTP port)" : `http://127.0.0.1:${app.port}`;
  console.log(`  ${app.name.padEnd(23)} ${where}`);
  for (const line of app.welcome) console.log(`  ${"".padEnd(23)} ${line}`);
}
if (apps.length === 0) {
  console.log("  (no apps under apps/ yet: only the infrastructure runs)");
  console.log("Stop the infrastructure with: npm run infra:down");
} else {
  console.log("Ctrl-C stops the apps; stop the infrastructure with: npm run infra:down");
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    for (const child of children) {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    }
  });
}

// The web app's process: configuration, the built pages, and the kit's serving (probes,
// /metrics apart, graceful shutdown).
import "./production.ts";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@danvan/platform/config";
import type { GracefulShutdown } from "@danvan/platform/http";
import { readiness } from "@danvan/platform/http";
import { createLogger } from "@danvan/platform/log";
import { serveProcess } from "@danvan/platform/service";
import { createTelemetry } from "@danvan/platform/telemetry";
import type { ServerBuild } from "react-router";
import { createWebApp } from "./app.ts";
import { configSchema } from "./config.ts";

const config = loadConfig(configSchema);
const logger = createLogger({ service: "web", level: config.LOG_LEVEL });
const telemetry = createTelemetry("web");
const buildDirectory = fileURLToPath(new URL("../build/", import.meta.url));
const build = (await import(`${buildDirectory}server/index.js`)) as ServerBuild;
let shutdown: GracefulShutdown | undefined;
await serveProcess({
  name: "web",
  app: createWebApp({
    config,
    build,
    clientDirectory: `${buildDirectory}client`,
    logger,
    telemetry,
    readiness: [readiness.accepting(() => shutdown?.shuttingDown ?? false)],
  }),
  config,
  logger,
  telemetry,
  shutdown: (created) => {
    shutdown = created;
  },
});

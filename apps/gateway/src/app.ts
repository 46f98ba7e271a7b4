import { createHttpApp, type ReadinessCheck, requireUser } from "@danvan/platform/http";
import type { Logger } from "@danvan/platform/log";
import type { Telemetry } from "@danvan/platform/telemetry";
import type { Express } from "express";
import type { AuthService } from "./application/auth.ts";
import type { UserAdministration } from "./application/users.ts";
import { adminRoutes } from "./http/admin-routes.ts";
import { authRoutes } from "./http/auth-routes.ts";
import { docsRoutes } from "./http/docs-routes.ts";
import { createApiDocument } from "./http/openapi.ts";
import { serviceProxy } from "./proxy/service-proxy.ts";
import type { createGatewayVerifier } from "./security/access-tokens.ts";
import type { SigningKey } from "./security/signing-key.ts";

export interface AppDependencies {
  logger: Logger;
  telemetry: Telemetry;
  readiness: ReadinessCheck[];
  trustProxy: number;
  auth: AuthService;
  admin: UserAdministration;
  verify: ReturnType<typeof createGatewayVerifier>;
  key: SigningKey;
  loginLimiter: { take(key: string): number };
  /** The services behind the gateway, each under /api/v1/<name>. */
  services: { name: string; baseUrl: string }[];
  serviceTimeoutMs: number;
  /** Dashboards, alerts, overview and the change stream (dashboard/routes.ts). */
  dashboard: (app: Express) => void;
}

/** The gateway's HTTP app without listening: main.ts serves it, tests run it in-process. */
export function createApp(deps: AppDependencies) {
  return createHttpApp({
    logger: deps.logger,
    telemetry: deps.telemetry,
    readiness: deps.readiness,
    trustProxy: deps.trustProxy,
    routes: (app) => {
      authRoutes({
        auth: deps.auth,
        verify: deps.verify,
        key: deps.key,
        loginLimiter: deps.loginLimiter,
      })(app);
      adminRoutes(deps.admin, deps.verify)(app);
      deps.dashboard(app);
      docsRoutes(createApiDocument({ services: deps.services, logger: deps.logger }))(app);
      // The gateway checks the token first (an ended login stops here); the service checks it
      // again and applies its own scopes.
      for (const service of deps.services) {
        const prefix = `/api/v1/${service.name}`;
        app.use(
          prefix,
          requireUser(deps.verify),
          serviceProxy({ ...service, prefix, timeoutMs: deps.serviceTimeoutMs }),
        );
      }
    },
  });
}

import { env, fragments, serviceConfig } from "@danvan/platform/config";
import { z } from "zod";

/** The web app's environment: where the gateway is and what signs the session cookie. */
export const configSchema = serviceConfig({
  ...fragments.service({ port: 3300, metricsPort: 9330 }),
  GATEWAY_URL: z
    .url()
    .default("http://127.0.0.1:3000")
    .describe(
      "The gateway: every page reads and writes through its API, and /api/… is passed on to it",
    ),
  SESSION_SECRETS: z
    .string()
    .transform((text) => text.split(",").map((secret) => secret.trim()))
    .pipe(z.array(z.string().min(32, "at least 32 characters")).min(1))
    .describe(
      "Secrets signing the session cookie, comma-separated: the first signs, each one is accepted (add a new one first to rotate)",
    ),
  TRUST_PROXY: env.proxies(
    "Proxies in front of the web app whose X-Forwarded-For and X-Forwarded-Proto to believe (the cookie is Secure when the request came over https)",
  ),
});

export type WebConfig = z.infer<typeof configSchema>;

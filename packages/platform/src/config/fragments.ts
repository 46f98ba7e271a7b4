import { z } from "zod";
import { parsePersonalDataKeys } from "../personal-data/cipher.ts";
import type { ConfigError } from "./load.ts";
import { env } from "./variables.ts";

/**
 * The variables every service of a kind has, each defined once: a service's configuration is
 * these fragments and its own variables in one `serviceConfig({ ... })`.
 */
export const fragments = {
  /**
   * What runs the process: the address and ports it listens on (the API's, and `/metrics` apart
   * from it), its log level and how long it may take to stop. It listens on this machine only
   * unless told otherwise (a container: 0.0.0.0).
   */
  service: (options: { port: number; metricsPort: number }) => ({
    HOST: z
      .union([z.ipv4(), z.ipv6(), z.literal("localhost")])
      .default("127.0.0.1")
      .describe("The address to listen on: this machine only by default; 0.0.0.0 in a container"),
    PORT: env.port(options.port),
    METRICS_PORT: env
      .port(options.metricsPort)
      .describe(
        "Port of /metrics for Prometheus, apart from the API: scraped inside the cluster, never published (0: any free port)",
      ),
    LOG_LEVEL: env.logLevel(),
    SHUTDOWN_TIMEOUT_MS: env.milliseconds(15_000, "Longest a graceful shutdown may take"),
  }),

  /** The service's own database. */
  mongo: (options: { database: string }) => ({
    MONGO_URL: env.mongoUrl(),
    MONGO_DATABASE: z
      .string()
      .regex(/^[a-z0-9_-]{1,60}$/)
      .default(options.database)
      .describe("The service's own database"),
  }),

  /** The brokers, and the prefix that keeps test runs apart on a shared broker. */
  kafka: () => ({
    KAFKA_BROKERS: env.kafkaBrokers(),
    TOPIC_PREFIX: z
      .string()
      .regex(/^[a-z0-9_.-]*$/)
      .default("")
      .describe("Prefix of every topic and consumer group name (tests); empty in production"),
  }),

  /** A service that publishes events through an outbox. */
  outbox: () => ({
    OUTBOX_POLL_MS: env.milliseconds(
      1000,
      "How often the outbox relay looks for events other replicas wrote (a write wakes its own at once)",
    ),
  }),

  /** The administrative units facts are checked against and figures added up by. */
  units: () => ({
    UNITS_FILE: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Administrative units: a dataset file of the units importer, or `sample`; the whole country shipped with @danvan/vietnam when unset",
      ),
  }),

  /** Personal data sealed at rest (petitioners' contact details): the keys. */
  personalData: () => ({
    PERSONAL_DATA_KEYS: z
      .string()
      .min(1)
      .superRefine((text, context) => {
        try {
          parsePersonalDataKeys(text);
        } catch (error) {
          // The key itself never appears in the message (the variable prints as ***).
          for (const problem of (error as ConfigError).problems) {
            context.addIssue({ code: "custom", message: problem.replace(/^[A-Z_]+: /, "") });
          }
        }
      })
      .describe(
        "Keys sealing personal data at rest (AES-256-GCM): id:base64 of 32 bytes, comma-separated, the sealing key first; the others still open what they sealed",
      ),
  }),

  /**
   * Verifying the gateway's access tokens: its key set, what the tokens must say, and the
   * gateway's list of ended logins, whose tokens are refused.
   */
  tokenVerifier: () => ({
    JWT_JWKS_URL: z.url().optional().describe("The gateway's JWKS endpoint (or JWT_JWKS_FILE)"),
    JWT_JWKS_FILE: z
      .string()
      .min(1)
      .optional()
      .describe("A JWKS file, for development without a gateway"),
    JWT_ISSUER: z.string().min(1).describe("Expected `iss` of access tokens"),
    JWT_AUDIENCE: z
      .string()
      .min(1)
      .default("danvan-services")
      .describe("Expected `aud` of access tokens"),
    JWT_ENDED_SESSIONS_URL: z
      .url()
      .optional()
      .describe(
        "The gateway's list of ended logins (logout, disabled users); by default /api/v1/auth/ended-sessions beside JWT_JWKS_URL",
      ),
    JWT_ENDED_SESSIONS_POLL_MS: env.milliseconds(
      2000,
      "How often the list of ended logins is refreshed while requests come; a request waits for it when 5 times older, and gets 503 if it cannot be had",
    ),
    DEVELOPMENT_MODE: env.flag(
      false,
      "Development only: accept tokens without a login session, and run without the list of ended logins",
    ),
  }),
};

/**
 * A service's configuration schema from fragments and its own variables, with the rules that
 * span variables: a token verifier needs a key set, from a URL or a file, and outside development
 * mode the gateway's list of ended logins.
 */
export function serviceConfig<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape).superRefine((config, context) => {
    const values = config as Record<string, unknown>;
    if ("JWT_JWKS_URL" in shape && !values.JWT_JWKS_URL && !values.JWT_JWKS_FILE) {
      context.addIssue({
        code: "custom",
        message: "set JWT_JWKS_URL or JWT_JWKS_FILE",
        path: ["JWT_JWKS_URL"],
      });
    }
    if (
      "JWT_ENDED_SESSIONS_URL" in shape &&
      !values.DEVELOPMENT_MODE &&
      !values.JWT_ENDED_SESSIONS_URL &&
      !values.JWT_JWKS_URL
    ) {
      context.addIssue({
        code: "custom",
        message:
          "set JWT_ENDED_SESSIONS_URL (the gateway's list of ended logins) beside JWT_JWKS_FILE, or DEVELOPMENT_MODE=true",
        path: ["JWT_ENDED_SESSIONS_URL"],
      });
    }
  });
}

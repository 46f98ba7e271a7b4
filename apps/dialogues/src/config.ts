import { env } from "@danvan/platform/config";
import { z } from "zod";

/** The dialogues service's environment; `npm run docs:config` writes this table into the README. */
export const configSchema = z
  .object({
    PORT: env.port(3101),
    KAFKA_BROKERS: env.kafkaBrokers(),
    MONGO_URL: env.mongoUrl(),
    MONGO_DATABASE: z
      .string()
      .regex(/^[a-z0-9_-]{1,60}$/)
      .default("dialogues")
      .describe("The service's own database"),
    LOG_LEVEL: env.logLevel(),
    TOPIC_PREFIX: z
      .string()
      .regex(/^[a-z0-9_.-]*$/)
      .default("")
      .describe("Prefix of every topic name (tests); empty in production"),
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
    ACKNOWLEDGE_WORKING_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(60)
      .default(10)
      .describe("Working days to acknowledge a petition in writing"),
    ANSWER_WORKING_DAYS_FEEDBACK: z.coerce
      .number()
      .int()
      .min(1)
      .max(120)
      .default(10)
      .describe("Working days to answer feedback"),
    ANSWER_WORKING_DAYS_PETITION: z.coerce
      .number()
      .int()
      .min(1)
      .max(120)
      .default(15)
      .describe("Working days to answer a petition"),
    ANSWER_WORKING_DAYS_COMPLAINT: z.coerce
      .number()
      .int()
      .min(1)
      .max(120)
      .default(30)
      .describe("Working days to answer a complaint"),
    ANSWER_WORKING_DAYS_DENUNCIATION: z.coerce
      .number()
      .int()
      .min(1)
      .max(120)
      .default(30)
      .describe("Working days to answer a denunciation"),
    DUE_SOON_WORKING_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(30)
      .default(2)
      .describe("Flag a petition due soon this many working days before its deadline"),
    REOPEN_WORKING_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(120)
      .default(10)
      .describe("Working days after an answer in which it may be reopened"),
    RECEPTION_DAYS_PROVINCE: z.coerce
      .number()
      .int()
      .min(0)
      .max(31)
      .default(1)
      .describe("Reception days a month required of province heads"),
    RECEPTION_DAYS_COMMUNE: z.coerce
      .number()
      .int()
      .min(0)
      .max(31)
      .default(2)
      .describe("Reception days a month required of commune heads"),
    DEADLINE_SWEEP_MS: env.milliseconds(
      1000,
      "How often the deadline job looks for due-soon and overdue petitions",
    ),
    RECEPTION_CHECK_MS: env.milliseconds(
      3_600_000,
      "How often the reception check looks at last month",
    ),
    SHUTDOWN_TIMEOUT_MS: env.milliseconds(15_000, "Longest a graceful shutdown may take"),
  })
  .refine((c) => c.JWT_JWKS_URL !== undefined || c.JWT_JWKS_FILE !== undefined, {
    message: "set JWT_JWKS_URL or JWT_JWKS_FILE",
    path: ["JWT_JWKS_URL"],
  });

export type Config = z.output<typeof configSchema>;

import { env, fragments, serviceConfig } from "@danvan/platform/config";
import { z } from "zod";

const workingDays = (fallback: number, max: number, description: string) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(description);

/** The dialogues service's environment; `npm run docs:readme` writes this table into the README. */
export const configSchema = serviceConfig({
  ...fragments.service({ port: 3101, metricsPort: 9401 }),
  ...fragments.mongo({ database: "dialogues" }),
  ...fragments.kafka(),
  ...fragments.outbox(),
  ...fragments.tokenVerifier(),
  ...fragments.personalData(),
  ...fragments.units(),
  ACKNOWLEDGE_WORKING_DAYS: workingDays(
    10,
    60,
    "Working days to acknowledge a petition in writing",
  ),
  ANSWER_WORKING_DAYS_FEEDBACK: workingDays(10, 120, "Working days to answer feedback"),
  ANSWER_WORKING_DAYS_PETITION: workingDays(15, 120, "Working days to answer a petition"),
  ANSWER_WORKING_DAYS_COMPLAINT: workingDays(30, 120, "Working days to answer a complaint"),
  ANSWER_WORKING_DAYS_DENUNCIATION: workingDays(30, 120, "Working days to answer a denunciation"),
  DUE_SOON_WORKING_DAYS: env.integer(
    2,
    { min: 0, max: 30 },
    "Flag a petition due soon this many working days before its deadline",
  ),
  REOPEN_WORKING_DAYS: env.integer(
    10,
    { min: 0, max: 120 },
    "Working days after an answer in which it may be reopened",
  ),
  RECEIPT_BACKDATE_DAYS: env.integer(
    30,
    { min: 0, max: 365 },
    "Days after its arrival in which a petition may still be entered with its receipt date",
  ),
  RECEPTION_DAYS_PROVINCE: env.integer(
    1,
    { min: 0, max: 31 },
    "Reception days a month required of province heads",
  ),
  RECEPTION_DAYS_COMMUNE: env.integer(
    2,
    { min: 0, max: 31 },
    "Reception days a month required of commune heads",
  ),
  DEADLINE_SWEEP_MS: env.milliseconds(
    1000,
    "How often the deadline job looks for due-soon and overdue petitions",
  ),
  RECEPTION_CHECK_MS: env.milliseconds(
    3_600_000,
    "How often the reception check looks at last month",
  ),
});

export type Config = z.output<typeof configSchema>;

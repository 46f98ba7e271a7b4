import { petitionSnapshotSchema, sessionSnapshotSchema } from "@danvan/contracts";
import { petitionMetricsSchema as metrics } from "@danvan/metrics";
import { z } from "zod";

// What the dialogues API answers, as schemas: the OpenAPI document describes them, and in tests
// every answer is checked against them.

/** A petition as a reader sees it: the petitioner's details only for those who may see them. */
export const petitionViewSchema = petitionSnapshotSchema.omit({ anonymous: true }).extend({
  petitioner: z.object({
    anonymous: z.boolean(),
    name: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    address: z.string().optional(),
    erasedAt: z.string().optional(),
  }),
  content: z.string(),
  forwardedTo: z.string().optional(),
  reason: z.string().optional(),
  duplicateOf: z.string().optional(),
  extension: z
    .object({
      workingDays: z.int(),
      reason: z.string(),
      status: z.enum(["requested", "approved", "denied"]),
    })
    .optional(),
  answer: z
    .object({
      text: z.string(),
      status: z.enum(["draft", "approved", "published"]),
      publishedAt: z.string().optional(),
    })
    .optional(),
  version: z.int().min(1),
  /**
   * Only in `GET /petitions/{id}`: the commands the caller may give it now, by their name in
   * the URL (`POST /petitions/{id}/<action>`), as the access policy and the state machine allow.
   */
  actions: z.array(z.string()).optional(),
});

export const petitionMetricsSchema = z.object({
  asOf: z.iso.datetime(),
  total: metrics,
  byChannel: z.record(z.string(), metrics),
});

/** A session with its minutes and reasons, and how many of its petitions are answered. */
export const sessionViewSchema = sessionSnapshotSchema.extend({
  minutes: z.string().optional(),
  reason: z.string().optional(),
  version: z.int().min(1),
});

export const sessionWithCountsSchema = sessionViewSchema.extend({
  petitions: z.object({ total: z.int(), answered: z.int(), pending: z.int() }),
});

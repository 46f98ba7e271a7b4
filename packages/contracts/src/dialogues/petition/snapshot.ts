import { z } from "zod";
import { agencyCodeSchema, unitCodeSchema } from "../../codes.ts";
import { instantSchema as instant } from "../../time.ts";
import { petitionKinds, petitionSources, petitionStatuses } from "./vocabulary.ts";

export const deadlineSchema = z.object({
  dueAt: instant,
  countFrom: instant,
  workingDays: z.int().min(0),
  pausedAt: instant.optional(),
  remainingWorkingDays: z.int().min(0).optional(),
});

/**
 * The petition after the change, as every petition event carries it. Petitioners' contact
 * details are personal data and stay in the dialogues service: events say only whether the
 * petitioner is anonymous.
 */
export const petitionSnapshotSchema = z.object({
  id: z.string().min(1),
  reference: z.string().min(1),
  unitCode: unitCodeSchema,
  source: z.enum(petitionSources),
  sessionId: z.string().optional(),
  anonymous: z.boolean(),
  kind: z.enum(petitionKinds).optional(),
  topics: z.array(z.string()),
  status: z.enum(petitionStatuses),
  receivedAt: instant,
  /** When it was entered, for a petition entered after it arrived. */
  enteredAt: instant.optional(),
  acknowledgement: z.object({ dueAt: instant, acknowledgedAt: instant.optional() }),
  agencyCode: agencyCodeSchema.optional(),
  deadline: deadlineSchema.optional(),
  onHold: z.boolean(),
  dueSoon: z.boolean(),
  overdue: z.boolean(),
  answeredAt: instant.optional(),
  answeredOnTime: z.boolean().optional(),
  rating: z.object({ score: z.int().min(1).max(5), resolved: z.boolean() }).optional(),
  reopenCount: z.int().min(0),
  closedAt: instant.optional(),
});

export type PetitionSnapshot = z.infer<typeof petitionSnapshotSchema>;

/** An event's data: what changed, and the petition after it. */
export const petitionEventData = <C extends z.ZodType>(change: C) =>
  z.object({ change, petition: petitionSnapshotSchema });

import { z } from "zod";
import { unitCodeSchema } from "../../codes.ts";
import { instantSchema as instant } from "../../time.ts";
import {
  issueGroups,
  sessionKinds,
  sessionLevels,
  sessionStatuses,
  targetGroups,
} from "./vocabulary.ts";

/** The session after the change, as every session event carries it. */
export const sessionSnapshotSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(sessionKinds),
  level: z.enum(sessionLevels),
  unitCode: unitCodeSchema,
  /** `holderId` links a reception to the position holder whose monthly obligation it counts for. */
  chair: z.object({ name: z.string(), position: z.string(), holderId: z.string().optional() }),
  title: z.string(),
  targetGroups: z.array(z.enum(targetGroups)),
  issueGroups: z.array(z.enum(issueGroups)),
  scheduledAt: instant,
  place: z.string(),
  status: z.enum(sessionStatuses),
  attendeeCount: z.int().min(0).optional(),
  heldAt: instant.optional(),
  minutesPublishedAt: instant.optional(),
  closedAt: instant.optional(),
});

export type SessionSnapshot = z.infer<typeof sessionSnapshotSchema>;

export const sessionEventData = <C extends z.ZodType>(change: C) =>
  z.object({ change, session: sessionSnapshotSchema });

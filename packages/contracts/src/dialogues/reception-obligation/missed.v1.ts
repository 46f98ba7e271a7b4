import { z } from "zod";
import { unitCodeSchema } from "../../codes.ts";
import { defineEvent } from "../../define-event.ts";

/**
 * A position holder held fewer reception days last month than required (docs/domain.md: party heads
 * receive citizens at least 1 day a month in a province, 2 in a commune; thresholds are
 * configuration). Raised once per holder and month by the monthly check.
 */
export const receptionObligationMissedV1 = defineEvent({
  name: "vn.danvan.dialogues.reception-obligation.missed",
  version: 1,
  topic: "dialogues.reception-obligation.events",
  description: "A position holder held fewer reception days last month than required.",
  data: z.object({
    holder: z.object({ id: z.string(), name: z.string(), position: z.string() }),
    level: z.enum(["province", "commune"]),
    unitCode: unitCodeSchema,
    /** YYYY-MM, in Vietnam time. */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    required: z.int().min(1),
    held: z.int().min(0),
  }),
});

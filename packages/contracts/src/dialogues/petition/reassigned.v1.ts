import { z } from "zod";
import { agencyCodeSchema } from "../../codes.ts";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petition was moved to another agency, with a reason. */
export const petitionReassignedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.reassigned",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petition was moved to another agency, with a reason.",
  data: petitionEventData(
    z.object({
      from: agencyCodeSchema.optional(),
      agencyCode: agencyCodeSchema,
      reason: z.string(),
    }),
  ),
});

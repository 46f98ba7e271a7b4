import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petition was moved to another agency, with a reason. */
export const petitionReassignedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.reassigned",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petition was moved to another agency, with a reason.",
  data: petitionEventData(
    z.object({ from: z.string().optional(), agencyCode: z.string(), reason: z.string() }),
  ),
});

import { z } from "zod";
import { agencyCodeSchema } from "../../codes.ts";
import { defineEvent } from "../../define-event.ts";
import { deadlineSchema, petitionEventData } from "./snapshot.ts";

/** The petition was assigned to an agency, with a deadline in working days. */
export const petitionAssignedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.assigned",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petition was assigned to an agency, with a deadline in working days.",
  data: petitionEventData(z.object({ agencyCode: agencyCodeSchema, deadline: deadlineSchema })),
});

import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petitioner's name and contact details were erased (on their request, or at retention's end). */
export const petitionPetitionerErasedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.petitioner-erased",
  version: 1,
  topic: "dialogues.petition.events",
  description:
    "The petitioner's name and contact details were erased, on their request or when the retention period ended; the petition and its figures stay.",
  data: petitionEventData(z.object({ basis: z.enum(["petitioner-request", "retention-ended"]) })),
});

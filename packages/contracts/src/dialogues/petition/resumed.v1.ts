import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { deadlineSchema, petitionEventData } from "./snapshot.ts";

/** The deadline runs again after a hold. */
export const petitionResumedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.resumed",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The deadline runs again after a hold.",
  data: petitionEventData(z.object({ deadline: deadlineSchema })),
});

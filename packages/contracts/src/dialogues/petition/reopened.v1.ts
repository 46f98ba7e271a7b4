import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { deadlineSchema, petitionEventData } from "./snapshot.ts";

/** The petitioner reopened an answered petition within the window; a new deadline runs. */
export const petitionReopenedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.reopened",
  version: 1,
  topic: "dialogues.petition.events",
  description:
    "The petitioner reopened an answered petition within the window; a new deadline runs.",
  data: petitionEventData(z.object({ reason: z.string(), deadline: deadlineSchema })),
});

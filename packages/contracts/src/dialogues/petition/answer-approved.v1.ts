import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The drafted answer was approved. */
export const petitionAnswerApprovedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.answer-approved",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The drafted answer was approved.",
  data: petitionEventData(z.object({})),
});

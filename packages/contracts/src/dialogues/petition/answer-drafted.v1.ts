import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The agency drafted an answer. */
export const petitionAnswerDraftedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.answer-drafted",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The agency drafted an answer.",
  data: petitionEventData(z.object({})),
});

import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The answer was published to the petitioner: the petition is answered. */
export const petitionResponsePublishedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.response-published",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The answer was published to the petitioner: the petition is answered.",
  data: petitionEventData(z.object({ onTime: z.boolean(), text: z.string().optional() })),
});

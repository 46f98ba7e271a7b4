import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petition was forwarded to the competent body named. */
export const petitionForwardedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.forwarded",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petition was forwarded to the competent body named.",
  data: petitionEventData(z.object({ to: z.string(), reason: z.string() })),
});

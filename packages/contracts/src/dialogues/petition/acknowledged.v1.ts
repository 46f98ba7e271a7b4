import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The written acknowledgement was sent to the petitioner. */
export const petitionAcknowledgedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.acknowledged",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The written acknowledgement was sent to the petitioner.",
  data: petitionEventData(z.object({ onTime: z.boolean() })),
});

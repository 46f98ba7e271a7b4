import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The deadline was paused, waiting for the petitioner. */
export const petitionPutOnHoldV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.put-on-hold",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The deadline was paused, waiting for the petitioner.",
  data: petitionEventData(z.object({ reason: z.string(), remainingWorkingDays: z.int().min(0) })),
});

import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The agency asked for more working days. */
export const petitionExtensionRequestedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.extension-requested",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The agency asked for more working days.",
  data: petitionEventData(z.object({ workingDays: z.int().min(1), reason: z.string() })),
});

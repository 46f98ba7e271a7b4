import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** An extension was denied. */
export const petitionExtensionDeniedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.extension-denied",
  version: 1,
  topic: "dialogues.petition.events",
  description: "An extension was denied.",
  data: petitionEventData(z.object({ reason: z.string() })),
});

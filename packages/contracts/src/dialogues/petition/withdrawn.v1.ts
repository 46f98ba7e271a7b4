import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petitioner withdrew the petition. */
export const petitionWithdrawnV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.withdrawn",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petitioner withdrew the petition.",
  data: petitionEventData(z.object({ reason: z.string() })),
});

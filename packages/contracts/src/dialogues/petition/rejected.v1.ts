import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petition was rejected, with a reason. */
export const petitionRejectedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.rejected",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petition was rejected, with a reason.",
  data: petitionEventData(z.object({ reason: z.string() })),
});

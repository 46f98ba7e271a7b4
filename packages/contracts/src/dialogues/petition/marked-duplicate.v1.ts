import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petition was marked as a duplicate of another. */
export const petitionMarkedDuplicateV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.marked-duplicate",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petition was marked as a duplicate of another.",
  data: petitionEventData(z.object({ of: z.string() })),
});

import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petition was closed without being resolved, with a reason. */
export const petitionClosedUnresolvedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.closed-unresolved",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petition was closed without being resolved, with a reason.",
  data: petitionEventData(z.object({ reason: z.string() })),
});

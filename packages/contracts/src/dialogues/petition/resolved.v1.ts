import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petition was resolved. */
export const petitionResolvedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.resolved",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petition was resolved.",
  data: petitionEventData(z.object({})),
});

import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The assigned agency started working on the petition. */
export const petitionWorkStartedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.work-started",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The assigned agency started working on the petition.",
  data: petitionEventData(z.object({})),
});

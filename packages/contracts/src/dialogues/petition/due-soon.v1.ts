import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { instantSchema as instant } from "../../time.ts";
import { petitionEventData } from "./snapshot.ts";

/** The deadline is near (a configured number of working days). */
export const petitionDueSoonV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.due-soon",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The deadline is near (a configured number of working days).",
  data: petitionEventData(z.object({ dueAt: instant, workingDaysLeft: z.int().min(0) })),
});

import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { instantSchema as instant } from "../../time.ts";
import { petitionEventData } from "./snapshot.ts";

/** The deadline was recomputed (the holiday table changed), with a reason. */
export const petitionDeadlineRecomputedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.deadline-recomputed",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The deadline was recomputed (the holiday table changed), with a reason.",
  data: petitionEventData(z.object({ from: instant.optional(), to: instant, reason: z.string() })),
});

import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { instantSchema as instant } from "../../time.ts";
import { sessionEventData } from "./snapshot.ts";

/** A dialogue or reception was scheduled. */
export const sessionScheduledV1 = defineEvent({
  name: "vn.danvan.dialogues.session.scheduled",
  version: 1,
  topic: "dialogues.session.events",
  description: "A dialogue or reception was scheduled.",
  data: sessionEventData(z.object({ scheduledAt: instant })),
});

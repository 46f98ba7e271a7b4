import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { sessionEventData } from "./snapshot.ts";

/** The session took place. */
export const sessionHeldV1 = defineEvent({
  name: "vn.danvan.dialogues.session.held",
  version: 1,
  topic: "dialogues.session.events",
  description: "The session took place.",
  data: sessionEventData(z.object({ attendeeCount: z.int().min(0) })),
});

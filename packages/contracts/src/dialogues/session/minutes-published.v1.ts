import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { sessionEventData } from "./snapshot.ts";

/** The minutes of the session were published. */
export const sessionMinutesPublishedV1 = defineEvent({
  name: "vn.danvan.dialogues.session.minutes-published",
  version: 1,
  topic: "dialogues.session.events",
  description: "The minutes of the session were published.",
  data: sessionEventData(z.object({ summary: z.string() })),
});

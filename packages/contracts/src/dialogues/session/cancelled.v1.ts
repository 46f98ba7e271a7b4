import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { sessionEventData } from "./snapshot.ts";

/** The session was cancelled, with a reason. */
export const sessionCancelledV1 = defineEvent({
  name: "vn.danvan.dialogues.session.cancelled",
  version: 1,
  topic: "dialogues.session.events",
  description: "The session was cancelled, with a reason.",
  data: sessionEventData(z.object({ reason: z.string() })),
});

import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { instantSchema as instant } from "../../time.ts";
import { sessionEventData } from "./snapshot.ts";

/** The session was postponed to a new date, with a reason. */
export const sessionPostponedV1 = defineEvent({
  name: "vn.danvan.dialogues.session.postponed",
  version: 1,
  topic: "dialogues.session.events",
  description: "The session was postponed to a new date, with a reason.",
  data: sessionEventData(z.object({ from: instant, to: instant, reason: z.string() })),
});

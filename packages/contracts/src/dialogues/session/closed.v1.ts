import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { sessionEventData } from "./snapshot.ts";

/** The session was closed: its follow-up is complete. */
export const sessionClosedV1 = defineEvent({
  name: "vn.danvan.dialogues.session.closed",
  version: 1,
  topic: "dialogues.session.events",
  description: "The session was closed: its follow-up is complete.",
  data: sessionEventData(z.object({})),
});

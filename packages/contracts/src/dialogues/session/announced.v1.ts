import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { sessionEventData } from "./snapshot.ts";

/** The session was announced to the public. */
export const sessionAnnouncedV1 = defineEvent({
  name: "vn.danvan.dialogues.session.announced",
  version: 1,
  topic: "dialogues.session.events",
  description: "The session was announced to the public.",
  data: sessionEventData(z.object({})),
});

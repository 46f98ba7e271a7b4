import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { instantSchema as instant } from "../../time.ts";
import { petitionEventData } from "./snapshot.ts";

/** A petition was received (from a session, a reception, the portal, mail, hotline or press). */
export const petitionReceivedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.received",
  version: 1,
  topic: "dialogues.petition.events",
  description:
    "A petition was received (from a session, a reception, the portal, mail, hotline or press).",
  data: petitionEventData(z.object({ acknowledgementDueAt: instant })),
});

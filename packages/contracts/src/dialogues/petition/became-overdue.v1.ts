import { z } from "zod";
import { agencyCodeSchema } from "../../codes.ts";
import { defineEvent } from "../../define-event.ts";
import { instantSchema as instant } from "../../time.ts";
import { petitionEventData } from "./snapshot.ts";

/** The deadline passed unanswered; emitted when it passes, not at the next user action. */
export const petitionBecameOverdueV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.became-overdue",
  version: 1,
  topic: "dialogues.petition.events",
  description:
    "The deadline passed unanswered; emitted when it passes, not at the next user action.",
  data: petitionEventData(
    z.object({ dueAt: instant.optional(), agencyCode: agencyCodeSchema.optional() }),
  ),
});

import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { deadlineSchema, petitionEventData } from "./snapshot.ts";

/** An extension was approved and the deadline moved. */
export const petitionDeadlineExtendedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.deadline-extended",
  version: 1,
  topic: "dialogues.petition.events",
  description: "An extension was approved and the deadline moved.",
  data: petitionEventData(z.object({ workingDays: z.int().min(1), deadline: deadlineSchema })),
});

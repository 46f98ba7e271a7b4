import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";

/** The petitioner rated the answer (1-5) and said whether it resolved the matter. */
export const petitionRatedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.rated",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petitioner rated the answer (1-5) and said whether it resolved the matter.",
  data: petitionEventData(z.object({ score: z.int().min(1).max(5), resolved: z.boolean() })),
});

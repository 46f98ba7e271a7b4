import { z } from "zod";
import { defineEvent } from "../../define-event.ts";
import { petitionEventData } from "./snapshot.ts";
import { petitionKinds } from "./vocabulary.ts";

const kind = z.enum(petitionKinds);

/** The petition was classified by kind and topics. */
export const petitionClassifiedV1 = defineEvent({
  name: "vn.danvan.dialogues.petition.classified",
  version: 1,
  topic: "dialogues.petition.events",
  description: "The petition was classified by kind and topics.",
  data: petitionEventData(z.object({ kind: kind, topics: z.array(z.string()) })),
});

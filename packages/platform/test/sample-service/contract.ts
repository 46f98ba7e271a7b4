// Its one event, as packages/contracts declares every event (one file per event version there).
import { defineEvent } from "@danvan/contracts";
import { z } from "zod";

export const noticeSchema = z.object({
  id: z.string(),
  unitCode: z.string(),
  title: z.string(),
  postedAt: z.iso.datetime(),
});

export const noticePostedV1 = defineEvent({
  name: "vn.danvan.noticeboard.notice.posted",
  version: 1,
  topic: "noticeboard.notice.events",
  description: "A commune posted a public notice.",
  data: z.object({ change: z.object({ title: z.string() }), notice: noticeSchema }),
});

import type { DeadLetterNotice } from "@danvan/platform/messaging";
import { insertManyRefusingDuplicates } from "@danvan/platform/mongo";
import type { ReadModelStore, StoredAlert } from "./views.ts";

/**
 * Records, as an alert of its unit (the province's when the message could not be read), an event
 * the gateway's consumer set aside in its dead-letter topic: the read models lack it until it is
 * fixed and redriven (`npm run dead-letters`), and the people who read those figures are told.
 */
export async function recordSetAside(
  store: Pick<ReadModelStore, "alerts">,
  letter: DeadLetterNotice,
  provinceCode: string,
) {
  const place = `${letter.topic}/${letter.partition}/${letter.offset}`;
  const now = new Date();
  const alert: StoredAlert = {
    _id: `set-aside|${place}`,
    kind: "event-set-aside",
    unitCode: letter.unitCode ?? provinceCode,
    at: now.toISOString(),
    subject: letter.eventId ?? place,
    title:
      `Không cập nhật được số liệu từ sự kiện ${letter.type ?? "không đọc được"}: ${letter.error}`.slice(
        0,
        300,
      ),
    recordedAt: now.getTime(),
  };
  await insertManyRefusingDuplicates(store.alerts, [alert]);
}

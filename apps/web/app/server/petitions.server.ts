import {
  petitionEventNames,
  petitionKindNames,
  petitionKinds,
  petitionSourceNames,
  petitionSources,
  petitionStatuses,
  petitionStatusNames,
} from "@danvan/contracts";
import { createCalendar, defaultHolidayTable, localDateOf } from "@danvan/vietnam/calendar";
import type { BadgeTone } from "../ui/components.tsx";

// The petitions' words and judgements as pages show them, on the server: the contract's
// vocabulary stays out of the browser's bundle.

export interface Choice {
  value: string;
  label: string;
}

const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase("vi") + text.slice(1);

export const petitionChoices = {
  families: [
    { value: "open", label: "Đang giải quyết" },
    { value: "answered", label: "Đã trả lời" },
    { value: "closed", label: "Đã kết thúc" },
    { value: "exited", label: "Chuyển, từ chối, trùng, rút" },
  ],
  statuses: petitionStatuses.map((s) => ({
    value: s,
    label: capitalized(petitionStatusNames[s].vi),
  })),
  sources: petitionSources.map((s) => ({
    value: s,
    label: capitalized(petitionSourceNames[s].vi),
  })),
  kinds: petitionKinds.map((k) => ({ value: k, label: capitalized(petitionKindNames[k].vi) })),
  sorts: [
    { value: "-receivedAt", label: "Mới nhận trước" },
    { value: "receivedAt", label: "Nhận sớm trước" },
    { value: "deadline", label: "Hạn gần trước" },
    { value: "reference", label: "Theo số hiệu" },
    { value: "petitioner", label: "Theo tên người gửi" },
  ],
} satisfies Record<string, Choice[]>;

export const labelOf = (choices: Choice[], value: string | undefined) =>
  choices.find((c) => c.value === value)?.label ?? value ?? "";

/** A status as a badge: overdue first, then what is open, answered or closed. */
export function statusBadge(petition: { status: string; overdue: boolean; dueSoon: boolean }): {
  label: string;
  tone: BadgeTone;
} {
  const label = labelOf(petitionChoices.statuses, petition.status);
  if (petition.overdue) return { label: `${label} · quá hạn`, tone: "bad" };
  if (petition.dueSoon) return { label: `${label} · sắp đến hạn`, tone: "warn" };
  if (["answered", "resolved"].includes(petition.status)) return { label, tone: "good" };
  return { label, tone: "plain" };
}

/** `vn.danvan.dialogues.petition.classified.v1` as people read it: "Phân loại". */
export function eventName(type: string): string {
  const verb = /\.petition\.([a-z-]+)\.v\d+$/.exec(type)?.[1] ?? "";
  return petitionEventNames[verb]?.vi ?? type;
}

const calendar = createCalendar(defaultHolidayTable);

/**
 * Working days from today (in Vietnam) to a deadline, negative once it has passed; undefined
 * when the holiday table does not cover the days between. The deadlines themselves are the
 * service's; this only counts for the page.
 */
export function workingDaysLeft(dueAt: string, now = new Date()): number | undefined {
  try {
    return calendar.workingDaysBetween(localDateOf(now.toISOString()), localDateOf(dueAt));
  } catch {
    return undefined;
  }
}

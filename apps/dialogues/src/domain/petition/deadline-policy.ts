import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import type { Kind } from "./model.ts";

/** Deadline lengths are configuration (docs/domain.md "Working days and deadlines"), never constants. */
export interface DeadlinePolicy {
  /** The written acknowledgement: 10 working days by Quy định 11-QĐi/TW. */
  acknowledgeWithinWorkingDays: number;
  /** Working days an agency has to answer, per kind. */
  answerWithinWorkingDays: Record<Kind, number>;
  /** "Due soon" this many working days before the deadline. */
  dueSoonWorkingDays: number;
  /** A citizen may reopen an answer within this many working days. */
  reopenWithinWorkingDays: number;
  /** A petition may be entered at most this many days after it arrived. */
  receiptBackdateDays: number;
}

export const defaultDeadlinePolicy: DeadlinePolicy = {
  acknowledgeWithinWorkingDays: 10,
  answerWithinWorkingDays: { feedback: 10, petition: 15, complaint: 30, denunciation: 30 },
  dueSoonWorkingDays: 2,
  reopenWithinWorkingDays: 10,
  receiptBackdateDays: 30,
};

export interface DecisionContext {
  now: Date;
  calendar: WorkingDayCalendar;
  policy: DeadlinePolicy;
}

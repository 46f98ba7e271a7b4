import { petitionKinds, petitionSources, petitionStatuses } from "@danvan/contracts";

/** Where a petition came from (docs/domain.md, dialogues); the published contract's list. */
export const sources = petitionSources;
export type Source = (typeof sources)[number];

/** Complaints and denunciations follow their own laws; the kind decides the deadline. */
export const kinds = petitionKinds;
export type Kind = (typeof kinds)[number];

export const statuses = petitionStatuses;
export type Status = (typeof statuses)[number];

/** Statuses in which the petition still waits for the authorities. */
export const OPEN: readonly Status[] = [
  "received",
  "classified",
  "assigned",
  "in_progress",
  "reopened",
];
/** Statuses in which an agency owns the petition and its deadline runs. */
export const WITH_AGENCY: readonly Status[] = ["assigned", "in_progress", "reopened"];
export const TERMINAL: readonly Status[] = [
  "resolved",
  "closed_unresolved",
  "forwarded",
  "rejected",
  "duplicate",
  "withdrawn",
];

export interface Petitioner {
  anonymous: boolean;
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
  /** When the name and contact details were erased: none of them is kept after. */
  erasedAt?: string;
}

export interface Deadline {
  /** End of the last working day, ISO UTC. */
  dueAt: string;
  /** The clock counts `workingDays` working days from this instant (assignment or resumption). */
  countFrom: string;
  workingDays: number;
  /** While on hold: when the clock stopped, and the working days that were left. */
  pausedAt?: string;
  remainingWorkingDays?: number;
}

export interface Answer {
  text: string;
  status: "draft" | "approved" | "published";
  publishedAt?: string;
}

/** When the answer is due while the petition's clock runs (with an agency, not on hold), else none. */
export function runningDeadline(
  petition: Pick<Petition, "status" | "onHold" | "deadline">,
): string | undefined {
  return WITH_AGENCY.includes(petition.status) && !petition.onHold
    ? petition.deadline?.dueAt
    : undefined;
}

export interface Petition {
  id: string;
  /** KN-<unit>-<year>-<seq>. */
  reference: string;
  unitCode: string;
  source: Source;
  sessionId?: string;
  petitioner: Petitioner;
  content: string;
  kind?: Kind;
  topics: string[];
  status: Status;
  receivedAt: string;
  /** When it was entered, for a petition entered after it arrived. */
  enteredAt?: string;
  acknowledgement: { dueAt: string; acknowledgedAt?: string };
  agencyCode?: string;
  forwardedTo?: string;
  reason?: string;
  duplicateOf?: string;
  deadline?: Deadline;
  onHold: boolean;
  extension?: { workingDays: number; reason: string; status: "requested" | "approved" | "denied" };
  answer?: Answer;
  answeredAt?: string;
  answeredOnTime?: boolean;
  dueSoon: boolean;
  overdue: boolean;
  rating?: { score: number; resolved: boolean };
  reopenCount: number;
  closedAt?: string;
}

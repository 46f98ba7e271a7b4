import type { Fact } from "@danvan/platform/domain";
import type { Kind, Petitioner, Source } from "./model.ts";

/** What users (and the deadline job) ask of a petition; each is checked by `decide`. */
export type PetitionCommand =
  | {
      type: "receive";
      id: string;
      reference: string;
      unitCode: string;
      source: Source;
      sessionId?: string;
      petitioner: Petitioner;
      content: string;
      /** When it arrived, if before it is entered (mail, hotline, reception): past, not too far. */
      receivedAt?: string;
    }
  | { type: "acknowledge" }
  | { type: "classify"; kind: Kind; topics: string[] }
  | {
      type: "assign";
      agencyCode: string;
      /** When the answer period began, if before it is entered: not before the receipt. */
      legalStart?: string;
    }
  | { type: "reassign"; agencyCode: string; reason: string }
  | { type: "startWork" }
  | { type: "forward"; to: string; reason: string }
  | { type: "reject"; reason: string }
  | { type: "markDuplicate"; of: string }
  | { type: "withdraw"; reason: string }
  | { type: "putOnHold"; reason: string }
  | { type: "resume" }
  | { type: "requestExtension"; workingDays: number; reason: string }
  | { type: "approveExtension" }
  | { type: "denyExtension"; reason: string }
  | { type: "draftAnswer"; text: string }
  | { type: "approveAnswer" }
  | { type: "publishAnswer" }
  | { type: "resolve" }
  | { type: "closeUnresolved"; reason: string }
  | { type: "reopen"; reason: string }
  | { type: "rate"; score: number; resolved: boolean }
  | { type: "erasePetitioner"; basis: "petitioner-request" | "retention-ended" }
  | { type: "markDueSoon" }
  | { type: "markOverdue" }
  | { type: "recomputeDeadline"; reason: string };

export type CommandType = PetitionCommand["type"];

/** Past-tense facts, one per change; the service turns them into contract events. */
export const petitionEventNames = [
  "received",
  "acknowledged",
  "classified",
  "assigned",
  "reassigned",
  "work_started",
  "forwarded",
  "rejected",
  "marked_duplicate",
  "withdrawn",
  "put_on_hold",
  "resumed",
  "extension_requested",
  "deadline_extended",
  "extension_denied",
  "answer_drafted",
  "answer_approved",
  "response_published",
  "resolved",
  "closed_unresolved",
  "reopened",
  "rated",
  "due_soon",
  "became_overdue",
  "deadline_recomputed",
  "petitioner_erased",
] as const;

export type PetitionEventName = (typeof petitionEventNames)[number];

/** What changed; the service publishes it with the petition's snapshot after the change. */
export type PetitionEvent = Fact<PetitionEventName>;

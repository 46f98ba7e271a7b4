// One file per event version; `petitionEvents` maps the domain's fact names to them.

import { petitionAcknowledgedV1 } from "./acknowledged.v1.ts";
import { petitionAnswerApprovedV1 } from "./answer-approved.v1.ts";
import { petitionAnswerDraftedV1 } from "./answer-drafted.v1.ts";
import { petitionAssignedV1 } from "./assigned.v1.ts";
import { petitionBecameOverdueV1 } from "./became-overdue.v1.ts";
import { petitionClassifiedV1 } from "./classified.v1.ts";
import { petitionClosedUnresolvedV1 } from "./closed-unresolved.v1.ts";
import { petitionDeadlineExtendedV1 } from "./deadline-extended.v1.ts";
import { petitionDeadlineRecomputedV1 } from "./deadline-recomputed.v1.ts";
import { petitionDueSoonV1 } from "./due-soon.v1.ts";
import { petitionExtensionDeniedV1 } from "./extension-denied.v1.ts";
import { petitionExtensionRequestedV1 } from "./extension-requested.v1.ts";
import { petitionForwardedV1 } from "./forwarded.v1.ts";
import { petitionMarkedDuplicateV1 } from "./marked-duplicate.v1.ts";
import { petitionPetitionerErasedV1 } from "./petitioner-erased.v1.ts";
import { petitionPutOnHoldV1 } from "./put-on-hold.v1.ts";
import { petitionRatedV1 } from "./rated.v1.ts";
import { petitionReassignedV1 } from "./reassigned.v1.ts";
import { petitionReceivedV1 } from "./received.v1.ts";
import { petitionRejectedV1 } from "./rejected.v1.ts";
import { petitionReopenedV1 } from "./reopened.v1.ts";
import { petitionResolvedV1 } from "./resolved.v1.ts";
import { petitionResponsePublishedV1 } from "./response-published.v1.ts";
import { petitionResumedV1 } from "./resumed.v1.ts";
import { petitionWithdrawnV1 } from "./withdrawn.v1.ts";
import { petitionWorkStartedV1 } from "./work-started.v1.ts";

export type { PetitionSnapshot } from "./snapshot.ts";
export { deadlineSchema, petitionSnapshotSchema } from "./snapshot.ts";
export {
  petitionEventNames,
  petitionKindNames,
  petitionKinds,
  petitionSourceNames,
  petitionSources,
  petitionStatuses,
  petitionStatusNames,
} from "./vocabulary.ts";
export {
  petitionAcknowledgedV1,
  petitionAnswerApprovedV1,
  petitionAnswerDraftedV1,
  petitionAssignedV1,
  petitionBecameOverdueV1,
  petitionClassifiedV1,
  petitionClosedUnresolvedV1,
  petitionDeadlineExtendedV1,
  petitionDeadlineRecomputedV1,
  petitionDueSoonV1,
  petitionExtensionDeniedV1,
  petitionExtensionRequestedV1,
  petitionForwardedV1,
  petitionMarkedDuplicateV1,
  petitionPetitionerErasedV1,
  petitionPutOnHoldV1,
  petitionRatedV1,
  petitionReassignedV1,
  petitionReceivedV1,
  petitionRejectedV1,
  petitionReopenedV1,
  petitionResolvedV1,
  petitionResponsePublishedV1,
  petitionResumedV1,
  petitionWithdrawnV1,
  petitionWorkStartedV1,
};

/** The petition events by the fact names of the dialogues domain. */
export const petitionEvents = {
  received: petitionReceivedV1,
  acknowledged: petitionAcknowledgedV1,
  classified: petitionClassifiedV1,
  assigned: petitionAssignedV1,
  reassigned: petitionReassignedV1,
  work_started: petitionWorkStartedV1,
  forwarded: petitionForwardedV1,
  rejected: petitionRejectedV1,
  marked_duplicate: petitionMarkedDuplicateV1,
  withdrawn: petitionWithdrawnV1,
  put_on_hold: petitionPutOnHoldV1,
  resumed: petitionResumedV1,
  extension_requested: petitionExtensionRequestedV1,
  deadline_extended: petitionDeadlineExtendedV1,
  extension_denied: petitionExtensionDeniedV1,
  answer_drafted: petitionAnswerDraftedV1,
  answer_approved: petitionAnswerApprovedV1,
  response_published: petitionResponsePublishedV1,
  resolved: petitionResolvedV1,
  closed_unresolved: petitionClosedUnresolvedV1,
  reopened: petitionReopenedV1,
  rated: petitionRatedV1,
  due_soon: petitionDueSoonV1,
  became_overdue: petitionBecameOverdueV1,
  deadline_recomputed: petitionDeadlineRecomputedV1,
  petitioner_erased: petitionPetitionerErasedV1,
} as const;

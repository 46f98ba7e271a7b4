// One file per event version; `sessionEvents` maps the domain's fact names to them.

import { sessionAnnouncedV1 } from "./announced.v1.ts";
import { sessionCancelledV1 } from "./cancelled.v1.ts";
import { sessionClosedV1 } from "./closed.v1.ts";
import { sessionHeldV1 } from "./held.v1.ts";
import { sessionMinutesPublishedV1 } from "./minutes-published.v1.ts";
import { sessionPostponedV1 } from "./postponed.v1.ts";
import { sessionScheduledV1 } from "./scheduled.v1.ts";

export type { SessionSnapshot } from "./snapshot.ts";
export { sessionSnapshotSchema } from "./snapshot.ts";
export {
  issueGroups,
  sessionKinds,
  sessionLevels,
  sessionStatuses,
  sessionStatusNames,
  targetGroups,
} from "./vocabulary.ts";
export {
  sessionAnnouncedV1,
  sessionCancelledV1,
  sessionClosedV1,
  sessionHeldV1,
  sessionMinutesPublishedV1,
  sessionPostponedV1,
  sessionScheduledV1,
};

/** The session events by the fact names of the dialogues domain. */
export const sessionEvents = {
  scheduled: sessionScheduledV1,
  announced: sessionAnnouncedV1,
  postponed: sessionPostponedV1,
  held: sessionHeldV1,
  minutes_published: sessionMinutesPublishedV1,
  closed: sessionClosedV1,
  cancelled: sessionCancelledV1,
} as const;

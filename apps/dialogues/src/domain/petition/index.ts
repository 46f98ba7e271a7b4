export type { CommandType, PetitionCommand, PetitionEvent, PetitionEventName } from "./commands.ts";
export { petitionEventNames } from "./commands.ts";
export type { DeadlinePolicy, DecisionContext } from "./deadline-policy.ts";
export { defaultDeadlinePolicy } from "./deadline-policy.ts";
export type { Decision } from "./decide.ts";
export { ALLOWED_FROM, checkReceipt, commandAllowedIn, decide, STATE_GUARDS } from "./decide.ts";
export type { Answer, Deadline, Kind, Petition, Petitioner, Source, Status } from "./model.ts";
export { kinds, OPEN, runningDeadline, sources, statuses, TERMINAL, WITH_AGENCY } from "./model.ts";

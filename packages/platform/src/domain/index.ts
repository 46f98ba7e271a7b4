export type {
  AccessGate,
  AccessPolicy,
  AccessRules,
  Reach,
  Resource,
  Scope,
  Subject,
} from "./access-policy.ts";
export { defineAccessPolicy } from "./access-policy.ts";
export type { Decision, Fact, Text } from "./decision.ts";
export {
  CommandRefusedError,
  ReferenceRefusedError,
  TransitionRefusedError,
} from "./decision.ts";

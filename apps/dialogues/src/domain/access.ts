import type { AccessRules } from "@danvan/platform/domain";
import { defineAccessPolicy } from "@danvan/platform/domain";
import type { CommandType } from "./petition/index.ts";
import type { SessionCommand } from "./session/index.ts";

/**
 * Who may do what in the dialogues service, and where (docs/architecture.md §9; the README prints it).
 * Province staff act everywhere; commune officers in their communes; an agency officer works on
 * what is assigned to their agency. Petitions are read wherever one acts, and by viewers
 * everywhere; sessions are public acts, read by every signed-in user.
 */
const commune = {
  province_admin: "everywhere",
  province_staff: "everywhere",
  commune_officer: "unit",
} as const;
/** What an assigned agency does to a petition, besides the commune and the province. */
const withAgency = { ...commune, agency_officer: "agency" } as const;
const everyone = {
  province_admin: "everywhere",
  province_staff: "everywhere",
  commune_officer: "everywhere",
  agency_officer: "everywhere",
  inspector: "everywhere",
  editor: "everywhere",
  viewer: "everywhere",
} as const;

/** Commands on petitions people give; the deadline job gives the others (due soon, overdue, …). */
type PetitionCommandAction = `petition.${Exclude<
  CommandType,
  "receive" | "markDueSoon" | "markOverdue" | "recomputeDeadline"
>}`;
type SessionAction = `session.${SessionCommand["type"]}`;

const petitionCommands: AccessRules<PetitionCommandAction> = {
  "petition.acknowledge": commune,
  "petition.classify": commune,
  "petition.assign": commune,
  "petition.reassign": commune,
  "petition.startWork": withAgency,
  "petition.forward": commune,
  "petition.reject": commune,
  "petition.markDuplicate": commune,
  "petition.withdraw": commune,
  "petition.putOnHold": withAgency,
  "petition.resume": withAgency,
  "petition.requestExtension": withAgency,
  "petition.approveExtension": commune,
  "petition.denyExtension": commune,
  "petition.draftAnswer": withAgency,
  "petition.approveAnswer": commune,
  "petition.publishAnswer": commune,
  "petition.resolve": commune,
  "petition.closeUnresolved": commune,
  "petition.reopen": commune,
  "petition.rate": commune,
  /** Personal data is erased by the province's administrators, who answer for the request. */
  "petition.erasePetitioner": { province_admin: "everywhere" },
};

const sessionCommands: AccessRules<SessionAction> = {
  "session.schedule": commune,
  "session.announce": commune,
  "session.postpone": commune,
  "session.hold": commune,
  "session.publishMinutes": commune,
  "session.close": commune,
  "session.cancel": commune,
};

export const accessPolicy = defineAccessPolicy({
  /** See a petition (its list, metrics, timeline): where one acts, and viewers everywhere. */
  "petition.read": {
    province_admin: "everywhere",
    province_staff: "everywhere",
    viewer: "everywhere",
    commune_officer: "unit",
    agency_officer: "agency",
    inspector: ["unit", "agency"],
  },
  /** See petitioners' names and contact details (personal data). */
  "petition.readContact": {
    province_admin: "everywhere",
    commune_officer: "unit",
    "grant:petitioner_contact": "everywhere",
  },
  /** Who read a petitioner's details, and when: what the province's administrators answer for. */
  "petition.readPersonalDataReads": { province_admin: "everywhere" },
  "petition.receive": commune,
  ...petitionCommands,
  "session.read": everyone,
  ...sessionCommands,
  "receptionHolder.read": everyone,
  "receptionHolder.register": commune,
  "holidayTable.replace": { province_admin: "everywhere" },
  "agency.register": { province_admin: "everywhere" },
});

export type DialoguesAction = (typeof accessPolicy.actions)[number];

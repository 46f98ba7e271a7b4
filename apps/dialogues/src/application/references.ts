import { requireUnitOn } from "@danvan/platform/reference";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import type { AgencyRegistry } from "../data/agencies.ts";
import type { Petition, PetitionCommand } from "../domain/petition/index.ts";
import type { SessionCommand } from "../domain/session/index.ts";
import { provinceToday, requireAgencyOn } from "./agencies.ts";

/**
 * What dialogues' commands name, checked against the administrative units before they are decided
 * (422 otherwise, naming the successor of a unit the 2025 reform merged): a petition's unit on the
 * day it is received, a session's on the day it is to be held; an agency a petition is assigned
 * to, of its province and active on the day. Later commands keep the unit the
 * aggregate recorded: a fact stores the unit valid when it happened.
 */
export function petitionReferences(units: UnitRegistry, agencies: AgencyRegistry) {
  return (
    command: PetitionCommand,
    current: Pick<Petition, "unitCode" | "receivedAt"> | null,
    context: { now: Date },
  ) => {
    if (command.type === "receive") {
      const day = localDateOf(command.receivedAt ?? context.now.toISOString());
      requireUnitOn(units, command.unitCode, day, "unitCode");
    } else if ((command.type === "assign" || command.type === "reassign") && current !== null) {
      // An agency of the petition's province (today's, after a merger), active today.
      const today = localDateOf(context.now);
      const received = localDateOf(current.receivedAt);
      const province = provinceToday(units, current.unitCode, received, today) ?? current.unitCode;
      requireAgencyOn(agencies, units, province, command.agencyCode, today, "agencyCode");
    }
  };
}

export function sessionReferences(units: UnitRegistry) {
  return (command: SessionCommand, current: { unitCode: string } | null) => {
    if (command.type === "schedule") {
      requireUnitOn(units, command.unitCode, localDateOf(command.scheduledAt), "unitCode");
    } else if (command.type === "postpone" && current !== null) {
      requireUnitOn(units, current.unitCode, localDateOf(command.to), "to");
    }
  };
}

import type { AccessTokenClaims } from "@danvan/contracts";
import type { AggregateStore } from "@danvan/platform/aggregate";
import { ReferenceRefusedError } from "@danvan/platform/domain";
import { requireUnitOn } from "@danvan/platform/reference";
import type { LocalDate } from "@danvan/vietnam/calendar";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import type { AgencyRegistry } from "../data/agencies.ts";
import { accessPolicy } from "../domain/access.ts";
import type { Petition, PetitionCommand } from "../domain/petition/index.ts";
import type { Session, SessionCommand } from "../domain/session/index.ts";
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

/**
 * The session a petition is received at: one that exists, of the petition's unit or a unit above
 * it on the day of receipt (a province's dialogue hears its communes). Otherwise 422, the same
 * whether it does not exist or belongs elsewhere: a commune's petitions never count in another
 * commune's session.
 */
export function linkedSessionReference(
  sessions: Pick<AggregateStore<Session, SessionCommand>, "load">,
  units: UnitRegistry,
) {
  return async (petition: { sessionId?: string | undefined; unitCode: string }, day: LocalDate) => {
    if (petition.sessionId === undefined) return;
    const session = (await sessions.load(petition.sessionId))?.state;
    const counting = [
      petition.unitCode,
      ...units.ancestors(petition.unitCode, day).map((u) => u.code),
    ];
    if (session && counting.includes(session.unitCode)) return;
    throw new ReferenceRefusedError("sessionId", {
      vi: `Không có buổi đối thoại ${petition.sessionId} của đơn vị ${petition.unitCode} hoặc đơn vị cấp trên`,
      en: `No session ${petition.sessionId} of unit ${petition.unitCode} or a unit above it`,
    });
  };
}

/**
 * The petition another is marked a duplicate of: another one, that exists and that the caller may
 * read. Otherwise 422, the same whether it does not exist or is out of scope.
 */
export function duplicateReference(
  petitions: Pick<AggregateStore<Petition, PetitionCommand>, "load">,
) {
  return async (
    body: Record<string, unknown>,
    context: { id: string; user: AccessTokenClaims },
  ) => {
    const of = String(body.of);
    if (of === context.id) {
      throw new ReferenceRefusedError("of", {
        vi: "Một kiến nghị không thể trùng với chính nó",
        en: "A petition cannot be a duplicate of itself",
      });
    }
    const found = await petitions.load(of);
    if (found && accessPolicy.allows(context.user, "petition.read", found.state)) return;
    throw new ReferenceRefusedError("of", {
      vi: `Không có kiến nghị ${of} trong phạm vi của bạn`,
      en: `No petition ${of} within your scope`,
    });
  };
}

import type { Decision, Fact } from "@danvan/platform/domain";
import { TransitionRefusedError } from "@danvan/platform/domain";
import { CODE_LENGTH } from "@danvan/vietnam/units";

/** Reception days a position holder must hold each month, by level (docs/domain.md); configuration. */
export interface ReceptionPolicy {
  requiredDaysPerMonth: { province: number; commune: number };
}

export const defaultReceptionPolicy: ReceptionPolicy = {
  requiredDaysPerMonth: { province: 1, commune: 2 },
};

export interface ReceptionHolder {
  id: string;
  name: string;
  position: string;
  level: "province" | "commune";
  unitCode: string;
}

/** A holder's unit is of their level: a province's code for a province-level holder, and so on. */
export function unitMatchesLevel(holder: Pick<ReceptionHolder, "level" | "unitCode">): boolean {
  return holder.unitCode.length === CODE_LENGTH[holder.level];
}

export interface Shortfall {
  holder: ReceptionHolder;
  month: string;
  required: number;
  held: number;
}

/** The month before the given local date, as YYYY-MM, with its first and last local dates. */
export function previousMonth(today: string): { month: string; first: string; last: string } {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const y = month === 1 ? year - 1 : year;
  const m = month === 1 ? 12 : month - 1;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, "0");
  return {
    month: `${y}-${mm}`,
    first: `${y}-${mm}-01`,
    last: `${y}-${mm}-${String(days).padStart(2, "0")}`,
  };
}

/** Holders who held fewer distinct reception days in the month than their level requires. */
export function shortfalls(
  holders: readonly ReceptionHolder[],
  daysHeld: ReadonlyMap<string, ReadonlySet<string>>,
  month: string,
  policy: ReceptionPolicy,
): Shortfall[] {
  return holders.flatMap((holder) => {
    const required = policy.requiredDaysPerMonth[holder.level];
    const held = daysHeld.get(holder.id)?.size ?? 0;
    return held < required ? [{ holder, month, required, held }] : [];
  });
}

/** A shortfall as recorded: one per holder and month, named `<holder>:<month>`. */
export interface MissedObligation {
  id: string;
  holder: { id: string; name: string; position: string };
  level: ReceptionHolder["level"];
  unitCode: string;
  month: string;
  required: number;
  held: number;
}

export type ObligationCommand = { type: "recordShortfall"; shortfall: Shortfall };

/** Records a shortfall once: a second record of the same holder and month is refused. */
export function decideObligation(
  obligation: MissedObligation | null,
  command: ObligationCommand,
): Decision<MissedObligation, Fact<"missed">> {
  const { holder, month, required, held } = command.shortfall;
  if (obligation)
    throw new TransitionRefusedError(command.type, "missed", {
      vi: "Việc chưa tiếp đủ số ngày của tháng này đã được ghi nhận",
      en: "it is recorded already",
    });
  return {
    state: {
      id: `${holder.id}:${month}`,
      holder: { id: holder.id, name: holder.name, position: holder.position },
      level: holder.level,
      unitCode: holder.unitCode,
      month,
      required,
      held,
    },
    facts: [{ name: "missed", change: { required, held } }],
  };
}

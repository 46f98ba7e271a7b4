import type {
  issueGroups,
  sessionKinds,
  sessionLevels,
  sessionStatuses,
  targetGroups,
} from "@danvan/contracts";
import { sessionStatusNames } from "@danvan/contracts";
import type { Decision, Fact } from "@danvan/platform/domain";
import { TransitionRefusedError } from "@danvan/platform/domain";

export type SessionStatus = (typeof sessionStatuses)[number];

/** A leader's dialogue or reception with citizens (docs/domain.md, DialogueSession). */
export interface Session {
  id: string;
  kind: (typeof sessionKinds)[number];
  level: (typeof sessionLevels)[number];
  unitCode: string;
  /** `holderId`: the position holder whose monthly reception obligation this counts for. */
  chair: { name: string; position: string; holderId?: string };
  title: string;
  targetGroups: (typeof targetGroups)[number][];
  issueGroups: (typeof issueGroups)[number][];
  scheduledAt: string;
  place: string;
  status: SessionStatus;
  attendeeCount?: number;
  minutes?: string;
  heldAt?: string;
  minutesPublishedAt?: string;
  closedAt?: string;
  reason?: string;
}

export type SessionCommand =
  | ({ type: "schedule" } & Omit<
      Session,
      | "status"
      | "attendeeCount"
      | "minutes"
      | "heldAt"
      | "minutesPublishedAt"
      | "closedAt"
      | "reason"
    >)
  | { type: "announce" }
  | { type: "postpone"; to: string; reason: string }
  | { type: "hold"; attendeeCount: number }
  | { type: "publishMinutes"; minutes: string }
  | { type: "close" }
  | { type: "cancel"; reason: string };

export const sessionFactNames = [
  "scheduled",
  "announced",
  "postponed",
  "held",
  "minutes_published",
  "closed",
  "cancelled",
] as const;

export type SessionFact = Fact<(typeof sessionFactNames)[number]>;

/** planned → announced → held → minutes_published → closed; postponed and cancelled beside. */
export const SESSION_ALLOWED_FROM: Record<
  Exclude<SessionCommand["type"], "schedule">,
  readonly SessionStatus[]
> = {
  announce: ["planned", "postponed"],
  postpone: ["planned", "announced", "postponed"],
  hold: ["planned", "announced", "postponed"],
  publishMinutes: ["held"],
  close: ["minutes_published"],
  cancel: ["planned", "announced", "postponed"],
};

export function decideSession(
  session: Session | null,
  command: SessionCommand,
  context: { now: Date },
): Decision<Session, SessionFact> {
  const at = context.now.toISOString();
  if (command.type === "schedule") {
    if (session) {
      throw new TransitionRefusedError("schedule", session.status, {
        vi: "Buổi tiếp xúc, đối thoại này đã có",
        en: "it exists already",
      });
    }
    const { type: _, ...fields } = command;
    const created: Session = { ...fields, status: "planned" };
    return {
      state: created,
      facts: [{ name: "scheduled", change: { scheduledAt: created.scheduledAt } }],
    };
  }
  if (!session) throw new Error(`${command.type} on a session that does not exist`);
  if (!SESSION_ALLOWED_FROM[command.type].includes(session.status)) {
    throw new TransitionRefusedError(
      command.type,
      session.status,
      undefined,
      sessionStatusNames[session.status],
    );
  }
  const next = (changes: Partial<Session>, fact: SessionFact) => ({
    state: { ...session, ...changes },
    facts: [fact],
  });
  switch (command.type) {
    case "announce":
      return next({ status: "announced" }, { name: "announced", change: {} });
    case "postpone":
      return next(
        { status: "postponed", scheduledAt: command.to, reason: command.reason },
        {
          name: "postponed",
          change: { from: session.scheduledAt, to: command.to, reason: command.reason },
        },
      );
    case "hold":
      return next(
        { status: "held", attendeeCount: command.attendeeCount, heldAt: at },
        { name: "held", change: { attendeeCount: command.attendeeCount } },
      );
    case "publishMinutes":
      return next(
        { status: "minutes_published", minutes: command.minutes, minutesPublishedAt: at },
        { name: "minutes_published", change: { summary: command.minutes.slice(0, 500) } },
      );
    case "close":
      return next({ status: "closed", closedAt: at }, { name: "closed", change: {} });
    case "cancel":
      return next(
        { status: "cancelled", reason: command.reason, closedAt: at },
        { name: "cancelled", change: { reason: command.reason } },
      );
  }
}

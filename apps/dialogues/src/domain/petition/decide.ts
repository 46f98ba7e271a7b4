import { petitionStatusNames } from "@danvan/contracts";
import type { Decision as KitDecision, Text } from "@danvan/platform/domain";
import { CommandRefusedError, TransitionRefusedError } from "@danvan/platform/domain";
import { addDays, formatVietnameseDate, localDateOf } from "@danvan/vietnam/calendar";
import type { CommandType, PetitionCommand, PetitionEvent, PetitionEventName } from "./commands.ts";
import type { DecisionContext } from "./deadline-policy.ts";
import type { Deadline, Petition, Status } from "./model.ts";
import { OPEN, statuses, WITH_AGENCY } from "./model.ts";

export type Decision = KitDecision<Petition, PetitionEvent>;

/** The statuses each command is allowed from: the state machine, as data. */
export const ALLOWED_FROM: Record<Exclude<CommandType, "receive">, readonly Status[]> = {
  acknowledge: OPEN,
  classify: ["received", "classified"],
  assign: ["classified"],
  reassign: ["assigned", "in_progress", "reopened"],
  startWork: ["assigned"],
  forward: ["received", "classified"],
  reject: ["received", "classified"],
  markDuplicate: ["received", "classified"],
  withdraw: OPEN,
  putOnHold: WITH_AGENCY,
  resume: WITH_AGENCY,
  requestExtension: WITH_AGENCY,
  approveExtension: WITH_AGENCY,
  denyExtension: WITH_AGENCY,
  draftAnswer: WITH_AGENCY,
  approveAnswer: WITH_AGENCY,
  publishAnswer: WITH_AGENCY,
  resolve: ["answered"],
  closeUnresolved: ["answered"],
  reopen: ["answered"],
  rate: ["answered", "resolved", "closed_unresolved"],
  erasePetitioner: statuses,
  markDueSoon: WITH_AGENCY,
  markOverdue: WITH_AGENCY,
  recomputeDeadline: WITH_AGENCY,
};

const NO_EXTENSION: Text = { vi: "Không có đề nghị gia hạn nào", en: "no extension is requested" };

/**
 * Beside the status, what the petition's own facts forbid, whatever the command carries: why a
 * command is refused now (undefined: it is not). Decided here and shown as the commands a page
 * offers (`availableCommands`), from the same data.
 */
export const STATE_GUARDS: Partial<
  Record<Exclude<CommandType, "receive">, (p: Petition) => Text | undefined>
> = {
  acknowledge: (p) =>
    p.acknowledgement.acknowledgedAt
      ? { vi: "Kiến nghị đã được xác nhận tiếp nhận", en: "it was acknowledged already" }
      : undefined,
  putOnHold: (p) =>
    p.onHold ? { vi: "Kiến nghị đang tạm dừng", en: "it is on hold already" } : undefined,
  resume: (p) =>
    p.onHold ? undefined : { vi: "Kiến nghị không ở trạng thái tạm dừng", en: "it is not on hold" },
  requestExtension: (p) =>
    p.extension?.status === "requested"
      ? {
          vi: "Đang có đề nghị gia hạn chờ quyết định",
          en: "an extension is waiting for a decision",
        }
      : undefined,
  approveExtension: (p) => (p.extension?.status === "requested" ? undefined : NO_EXTENSION),
  denyExtension: (p) => (p.extension?.status === "requested" ? undefined : NO_EXTENSION),
  approveAnswer: (p) =>
    p.answer?.status === "draft"
      ? undefined
      : { vi: "Chưa có dự thảo trả lời", en: "there is no draft answer" },
  publishAnswer: (p) =>
    p.answer?.status === "approved"
      ? undefined
      : { vi: "Câu trả lời chưa được duyệt", en: "the answer is not approved" },
  rate: (p) =>
    p.rating ? { vi: "Kiến nghị đã được đánh giá", en: "it was rated already" } : undefined,
};

/** Whether a command may be given to the petition as it stands (its status and its facts). */
export const commandAllowedIn = (type: Exclude<CommandType, "receive">, p: Petition) =>
  ALLOWED_FROM[type].includes(p.status) && STATE_GUARDS[type]?.(p) === undefined;

const event = (name: PetitionEventName, change: Record<string, unknown> = {}): PetitionEvent => ({
  name,
  change,
});

function newDeadline(ctx: DecisionContext, countFrom: string, workingDays: number): Deadline {
  return { countFrom, workingDays, dueAt: ctx.calendar.deadlineAfter(countFrom, workingDays) };
}

/** Clocks of the machines that enter petitions may run a little ahead of the service's. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A receipt date is not in the future, nor older than the policy lets a petition be entered. */
export function checkReceipt(receivedAt: string, ctx: DecisionContext) {
  const at = Date.parse(receivedAt);
  if (at > ctx.now.getTime() + CLOCK_SKEW_MS) {
    throw new CommandRefusedError("receivedAt", {
      vi: "Ngày tiếp nhận không được ở tương lai",
      en: "The receipt date cannot be in the future",
    });
  }
  const days = ctx.policy.receiptBackdateDays;
  // In Vietnam's days: a letter of 30 days ago may be entered at any hour of today.
  if (localDateOf(receivedAt) < addDays(localDateOf(ctx.now), -days)) {
    throw new CommandRefusedError("receivedAt", {
      vi: `Chỉ được nhập kiến nghị tiếp nhận trong vòng ${days} ngày trở lại đây (ngày tiếp nhận ${formatVietnameseDate(localDateOf(receivedAt))})`,
      en: `Only petitions received in the last ${days} days may be entered (received ${localDateOf(receivedAt)})`,
    });
  }
}

/** The answer period begins no earlier than the receipt and no later than now. */
function checkLegalStart(legalStart: string, p: Petition, ctx: DecisionContext) {
  if (Date.parse(legalStart) > ctx.now.getTime() + CLOCK_SKEW_MS) {
    throw new CommandRefusedError("legalStart", {
      vi: "Ngày bắt đầu tính thời hạn không được ở tương lai",
      en: "The legal start cannot be in the future",
    });
  }
  if (Date.parse(legalStart) < Date.parse(p.receivedAt)) {
    throw new CommandRefusedError("legalStart", {
      vi: `Ngày bắt đầu tính thời hạn không được trước ngày tiếp nhận (${formatVietnameseDate(localDateOf(p.receivedAt))})`,
      en: `The legal start cannot be before the receipt (${localDateOf(p.receivedAt)})`,
    });
  }
}

/** Whether the deadline has passed (end of its last working day), judged at `now`. */
function isPast(deadline: Deadline | undefined, now: Date): boolean {
  return (
    deadline !== undefined &&
    deadline.pausedAt === undefined &&
    now.getTime() > Date.parse(deadline.dueAt)
  );
}

/**
 * Applies a command to a petition: the petition after it and the facts that happened, or a
 * TransitionRefusedError naming the current state. Pure: time, calendar and deadline lengths
 * come in the context.
 */
export function decide(
  petition: Petition | null,
  command: PetitionCommand,
  ctx: DecisionContext,
): Decision {
  const now = ctx.now.toISOString();
  if (command.type === "receive") {
    if (petition) {
      throw new TransitionRefusedError("receive", petition.status, {
        vi: "Kiến nghị này đã được tiếp nhận",
        en: "it exists already",
      });
    }
    const receivedAt = command.receivedAt ?? now;
    checkReceipt(receivedAt, ctx);
    const created: Petition = {
      id: command.id,
      reference: command.reference,
      unitCode: command.unitCode,
      source: command.source,
      ...(command.sessionId ? { sessionId: command.sessionId } : {}),
      petitioner: command.petitioner,
      content: command.content,
      topics: [],
      status: "received",
      receivedAt,
      ...(receivedAt !== now ? { enteredAt: now } : {}),
      acknowledgement: {
        dueAt: ctx.calendar.deadlineAfter(receivedAt, ctx.policy.acknowledgeWithinWorkingDays),
      },
      onHold: false,
      dueSoon: false,
      overdue: false,
      reopenCount: 0,
    };
    return {
      state: created,
      facts: [event("received", { acknowledgementDueAt: created.acknowledgement.dueAt })],
    };
  }
  if (!petition) throw new Error(`${command.type} on a petition that does not exist`);
  const p = petition;
  const refuse = (why?: Text): never => {
    throw new TransitionRefusedError(command.type, p.status, why, petitionStatusNames[p.status]);
  };
  if (!ALLOWED_FROM[command.type].includes(p.status)) refuse();
  const guarded = STATE_GUARDS[command.type]?.(p);
  if (guarded) refuse(guarded);
  const next = (changes: Partial<Petition>, ...facts: PetitionEvent[]): Decision => ({
    state: { ...p, ...changes },
    facts,
  });

  switch (command.type) {
    case "acknowledge":
      return next(
        { acknowledgement: { ...p.acknowledgement, acknowledgedAt: now } },
        event("acknowledged", { onTime: now <= p.acknowledgement.dueAt }),
      );
    case "classify":
      return next(
        { status: "classified", kind: command.kind, topics: [...new Set(command.topics)] },
        event("classified", { kind: command.kind, topics: command.topics }),
      );
    case "assign": {
      if (!p.kind) refuse({ vi: "Kiến nghị chưa được phân loại", en: "it has no kind yet" });
      const legalStart = command.legalStart ?? now;
      checkLegalStart(legalStart, p, ctx);
      const deadline = newDeadline(
        ctx,
        legalStart,
        ctx.policy.answerWithinWorkingDays[p.kind ?? "petition"],
      );
      // Entered after its answer period ended: overdue at once, with its event.
      const overdue = isPast(deadline, ctx.now);
      return next(
        {
          status: "assigned",
          agencyCode: command.agencyCode,
          deadline,
          ...(overdue ? { overdue } : {}),
        },
        event("assigned", { agencyCode: command.agencyCode, deadline }),
        ...(overdue
          ? [event("became_overdue", { dueAt: deadline.dueAt, agencyCode: command.agencyCode })]
          : []),
      );
    }
    case "reassign":
      if (command.agencyCode === p.agencyCode)
        refuse({
          vi: "Kiến nghị đã được giao cho cơ quan này",
          en: "it is assigned to that agency already",
        });
      return next(
        { status: "assigned", agencyCode: command.agencyCode, reason: command.reason },
        event("reassigned", {
          from: p.agencyCode,
          agencyCode: command.agencyCode,
          reason: command.reason,
        }),
      );
    case "startWork":
      return next({ status: "in_progress" }, event("work_started"));
    case "forward":
      return next(
        { status: "forwarded", forwardedTo: command.to, reason: command.reason, closedAt: now },
        event("forwarded", { to: command.to, reason: command.reason }),
      );
    case "reject":
      return next(
        { status: "rejected", reason: command.reason, closedAt: now },
        event("rejected", { reason: command.reason }),
      );
    case "markDuplicate":
      if (command.of === p.id)
        refuse({
          vi: "Kiến nghị không thể trùng với chính nó",
          en: "a petition cannot duplicate itself",
        });
      return next(
        { status: "duplicate", duplicateOf: command.of, closedAt: now },
        event("marked_duplicate", { of: command.of }),
      );
    case "erasePetitioner":
      if (p.petitioner.erasedAt)
        refuse({
          vi: "Thông tin người gửi đã được xoá",
          en: "the petitioner's details were erased already",
        });
      return next(
        { petitioner: { anonymous: p.petitioner.anonymous, erasedAt: now } },
        event("petitioner_erased", { basis: command.basis }),
      );
    case "withdraw":
      return next(
        { status: "withdrawn", reason: command.reason, closedAt: now },
        event("withdrawn", { reason: command.reason }),
      );
    case "putOnHold": {
      const deadline = p.deadline as Deadline;
      const remaining = Math.max(
        0,
        ctx.calendar.workingDaysBetween(localDateOf(ctx.now), localDateOf(deadline.dueAt)),
      );
      const paused: Deadline = { ...deadline, pausedAt: now, remainingWorkingDays: remaining };
      return next(
        { onHold: true, deadline: paused },
        event("put_on_hold", { reason: command.reason, remainingWorkingDays: remaining }),
      );
    }
    case "resume": {
      const remaining = p.deadline?.remainingWorkingDays ?? 0;
      const deadline = newDeadline(ctx, now, remaining);
      return next(
        { onHold: false, deadline, dueSoon: false, overdue: isPast(deadline, ctx.now) },
        event("resumed", { deadline }),
      );
    }
    case "requestExtension":
      return next(
        {
          extension: {
            workingDays: command.workingDays,
            reason: command.reason,
            status: "requested",
          },
        },
        event("extension_requested", { workingDays: command.workingDays, reason: command.reason }),
      );
    case "approveExtension": {
      const extension = p.extension as NonNullable<Petition["extension"]>;
      const base = p.deadline as Deadline;
      const deadline = base.pausedAt
        ? {
            ...base,
            remainingWorkingDays: (base.remainingWorkingDays ?? 0) + extension.workingDays,
          }
        : newDeadline(ctx, base.countFrom, base.workingDays + extension.workingDays);
      return next(
        {
          extension: { ...extension, status: "approved" },
          deadline,
          dueSoon: false,
          overdue: isPast(deadline, ctx.now),
        },
        event("deadline_extended", { workingDays: extension.workingDays, deadline }),
      );
    }
    case "denyExtension":
      return next(
        { extension: { ...(p.extension as NonNullable<Petition["extension"]>), status: "denied" } },
        event("extension_denied", { reason: command.reason }),
      );
    case "draftAnswer":
      return next({ answer: { text: command.text, status: "draft" } }, event("answer_drafted"));
    case "approveAnswer":
      return next(
        { answer: { ...(p.answer as NonNullable<Petition["answer"]>), status: "approved" } },
        event("answer_approved"),
      );
    case "publishAnswer": {
      const onTime = p.deadline ? now <= p.deadline.dueAt : true;
      return next(
        {
          status: "answered",
          answer: {
            ...(p.answer as NonNullable<Petition["answer"]>),
            status: "published",
            publishedAt: now,
          },
          answeredAt: now,
          answeredOnTime: onTime,
          onHold: false,
        },
        event("response_published", { onTime, text: p.answer?.text }),
      );
    }
    case "resolve":
      return next({ status: "resolved", closedAt: now }, event("resolved"));
    case "closeUnresolved":
      return next(
        { status: "closed_unresolved", reason: command.reason, closedAt: now },
        event("closed_unresolved", { reason: command.reason }),
      );
    case "reopen": {
      const answeredOn = localDateOf(p.answeredAt as string);
      const elapsed = ctx.calendar.workingDaysBetween(answeredOn, localDateOf(ctx.now));
      if (elapsed > ctx.policy.reopenWithinWorkingDays) {
        refuse({
          vi: `Đã quá ${ctx.policy.reopenWithinWorkingDays} ngày làm việc được phép mở lại`,
          en: `the reopening window of ${ctx.policy.reopenWithinWorkingDays} working days has passed`,
        });
      }
      const kindDays = ctx.policy.answerWithinWorkingDays[p.kind ?? "petition"];
      const deadline = newDeadline(ctx, now, kindDays);
      const { closedAt: _, answer: __, ...rest } = p;
      return {
        state: {
          ...rest,
          status: "reopened",
          reason: command.reason,
          reopenCount: p.reopenCount + 1,
          deadline,
          dueSoon: false,
          overdue: false,
        },
        facts: [event("reopened", { reason: command.reason, deadline })],
      };
    }
    case "rate":
      if (!Number.isInteger(command.score) || command.score < 1 || command.score > 5) {
        refuse({
          vi: "Điểm đánh giá là số nguyên từ 1 đến 5",
          en: "a rating is a whole number from 1 to 5",
        });
      }
      return next(
        { rating: { score: command.score, resolved: command.resolved } },
        event("rated", { score: command.score, resolved: command.resolved }),
      );
    case "markDueSoon": {
      if (p.onHold || p.dueSoon || !p.deadline)
        refuse({ vi: "Kiến nghị chưa sắp đến hạn", en: "not due soon" });
      const deadline = p.deadline as Deadline;
      const left = ctx.calendar.workingDaysBetween(
        localDateOf(ctx.now),
        localDateOf(deadline.dueAt),
      );
      if (left > ctx.policy.dueSoonWorkingDays || isPast(deadline, ctx.now))
        refuse({ vi: "Kiến nghị chưa sắp đến hạn", en: "not due soon" });
      return next(
        { dueSoon: true },
        event("due_soon", { dueAt: deadline.dueAt, workingDaysLeft: left }),
      );
    }
    case "markOverdue":
      if (p.overdue || !isPast(p.deadline, ctx.now))
        refuse({ vi: "Kiến nghị chưa quá hạn", en: "the deadline has not passed" });
      return next(
        { overdue: true },
        event("became_overdue", { dueAt: p.deadline?.dueAt, agencyCode: p.agencyCode }),
      );
    case "recomputeDeadline": {
      const base = p.deadline as Deadline | undefined;
      if (!base || base.pausedAt)
        refuse({ vi: "Không có thời hạn đang chạy", en: "no running deadline" });
      const deadline = newDeadline(
        ctx,
        (base as Deadline).countFrom,
        (base as Deadline).workingDays,
      );
      if (deadline.dueAt === base?.dueAt)
        refuse({ vi: "Thời hạn không thay đổi", en: "the deadline is unchanged" });
      return next(
        { deadline, overdue: p.overdue && isPast(deadline, ctx.now) },
        event("deadline_recomputed", {
          from: base?.dueAt,
          to: deadline.dueAt,
          reason: command.reason,
        }),
      );
    }
  }
}

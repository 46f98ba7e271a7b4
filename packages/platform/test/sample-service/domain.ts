// The notice board's domain: plain TypeScript, no I/O. A commune posts public notices.
import type { Decision, Fact } from "@danvan/platform/domain";
import { defineAccessPolicy, TransitionRefusedError } from "@danvan/platform/domain";

export type Notice = { id: string; unitCode: string; title: string; postedAt: string };

export type NoticeCommand = { type: "post"; id: string; unitCode: string; title: string };

export function decide(
  notice: Notice | null,
  command: NoticeCommand,
  context: { now: Date },
): Decision<Notice, Fact<"posted">> {
  const posted = { vi: "Thông báo đã được đăng", en: "it is posted already" };
  if (notice) throw new TransitionRefusedError(command.type, "posted", posted);
  const { type: _, ...fields } = command;
  return {
    state: { ...fields, postedAt: context.now.toISOString() },
    facts: [{ name: "posted", change: { title: command.title } }],
  };
}

export const accessPolicy = defineAccessPolicy({
  "notice.post": { province_staff: "everywhere", commune_officer: "unit" },
  "notice.read": { province_staff: "everywhere", commune_officer: "unit", viewer: "everywhere" },
});

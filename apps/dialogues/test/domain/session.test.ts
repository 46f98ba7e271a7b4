import { sessionEvents, sessionStatuses } from "@danvan/contracts";
import { TransitionRefusedError } from "@danvan/platform/domain";
import { describe, expect, it } from "vitest";
import type { Session, SessionCommand } from "../../src/domain/session/index.ts";
import {
  decideSession,
  SESSION_ALLOWED_FROM,
  sessionFactNames,
} from "../../src/domain/session/index.ts";

const now = new Date("2026-04-17T01:30:00Z");
const context = { now };
const schedule: SessionCommand = {
  type: "schedule",
  id: "s-1",
  kind: "voter_meeting",
  level: "province",
  unitCode: "01",
  chair: { name: "Nguyễn Văn Nam", position: "Trưởng Ban Dân vận Tỉnh ủy" },
  title: "Tiếp xúc cử tri",
  targetGroups: ["workers", "youth"],
  issueGroups: ["labour"],
  scheduledAt: "2026-04-10T01:30:00.000Z",
  place: "Nhà văn hóa",
};

const commands: Record<keyof typeof SESSION_ALLOWED_FROM, SessionCommand> = {
  announce: { type: "announce" },
  postpone: { type: "postpone", to: "2026-04-17T01:30:00.000Z", reason: "trùng lịch" },
  hold: { type: "hold", attendeeCount: 120 },
  publishMinutes: { type: "publishMinutes", minutes: "Biên bản" },
  close: { type: "close" },
  cancel: { type: "cancel", reason: "bão" },
};

describe("the session life cycle", () => {
  it("goes planned → announced → postponed → held → minutes_published → closed", () => {
    let session = decideSession(null, schedule, context).state;
    const steps: [keyof typeof commands, string][] = [
      ["announce", "announced"],
      ["postpone", "postponed"],
      ["hold", "held"],
      ["publishMinutes", "minutes_published"],
      ["close", "closed"],
    ];
    for (const [command, status] of steps) {
      const decision = decideSession(session, commands[command], context);
      session = decision.state;
      expect(session.status).toBe(status);
      expect(decision.facts).toHaveLength(1);
    }
    expect(session).toMatchObject({
      scheduledAt: "2026-04-17T01:30:00.000Z",
      attendeeCount: 120,
      closedAt: now.toISOString(),
    });
  });

  it("refuses every command outside its statuses", () => {
    const base = decideSession(null, schedule, context).state;
    let cases = 0;
    for (const [name, command] of Object.entries(commands)) {
      for (const status of sessionStatuses.filter(
        (s) => !SESSION_ALLOWED_FROM[name as keyof typeof commands].includes(s),
      )) {
        const session: Session = { ...base, status };
        expect(() => decideSession(session, command, context), `${name} from ${status}`).toThrow(
          TransitionRefusedError,
        );
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(25);
  });

  it("has a contract event for every fact", () => {
    expect(Object.keys(sessionEvents).sort()).toEqual([...sessionFactNames].sort());
  });
});

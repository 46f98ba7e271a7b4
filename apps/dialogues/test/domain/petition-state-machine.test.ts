import { TransitionRefusedError } from "@danvan/platform/domain";
import { createCalendar, defaultHolidayTable, loadHolidayTable } from "@danvan/vietnam/calendar";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  CommandType,
  DecisionContext,
  Petition,
  PetitionCommand,
  Status,
} from "../../src/domain/petition/index.ts";
import {
  ALLOWED_FROM,
  decide,
  defaultDeadlinePolicy,
  statuses,
  TERMINAL,
  WITH_AGENCY,
} from "../../src/domain/petition/index.ts";

const calendar = createCalendar(defaultHolidayTable);
const at = (iso: string): DecisionContext => ({
  now: new Date(iso),
  calendar,
  policy: defaultDeadlinePolicy,
});

const receive: PetitionCommand = {
  type: "receive",
  id: "p-1",
  reference: "KN-00004-2026-000001",
  unitCode: "00004",
  source: "dialogue",
  sessionId: "s-1",
  petitioner: { anonymous: false, name: "Nguyễn Văn A", phone: "0912345678" },
  content: "Đề nghị giải quyết bồi thường đất",
};

/** Runs commands one after another, each at its own time. */
function run(steps: [string, PetitionCommand][]): Petition {
  let petition: Petition | null = null;
  for (const [when, command] of steps) petition = decide(petition, command, at(when)).state;
  return petition as Petition;
}

const assigned = () =>
  run([
    ["2026-03-02T02:00:00Z", receive],
    ["2026-03-02T03:00:00Z", { type: "classify", kind: "petition", topics: ["land"] }],
    ["2026-03-02T04:00:00Z", { type: "assign", agencyCode: "SO-TNMT" }],
  ]);

describe("the petition life cycle", () => {
  it("walks the main path: received → … → answered → resolved, with a fact per step", () => {
    let p: Petition | null = null;
    const step = (when: string, command: PetitionCommand) => {
      const decision = decide(p, command, at(when));
      p = decision.state;
      return decision;
    };
    expect(step("2026-03-02T02:00:00Z", receive).facts.map((e) => e.name)).toEqual(["received"]);
    expect(step("2026-03-02T02:30:00Z", { type: "acknowledge" }).facts[0]).toMatchObject({
      name: "acknowledged",
      change: { onTime: true },
    });
    step("2026-03-02T03:00:00Z", { type: "classify", kind: "petition", topics: ["land", "land"] });
    expect((p as unknown as Petition).topics).toEqual(["land"]);
    const assignedDecision = step("2026-03-02T04:00:00Z", {
      type: "assign",
      agencyCode: "SO-TNMT",
    });
    expect(assignedDecision.state.deadline?.workingDays).toBe(15);
    step("2026-03-03T04:00:00Z", { type: "startWork" });
    step("2026-03-04T04:00:00Z", { type: "draftAnswer", text: "Đã kiểm tra hồ sơ" });
    step("2026-03-04T05:00:00Z", { type: "approveAnswer" });
    const published = step("2026-03-05T04:00:00Z", { type: "publishAnswer" });
    expect(published.state).toMatchObject({ status: "answered", answeredOnTime: true });
    expect(published.facts[0]).toMatchObject({
      name: "response_published",
      change: { onTime: true },
    });
    step("2026-03-06T04:00:00Z", { type: "rate", score: 5, resolved: true });
    // A second rating is refused for what it is, in words, not as a state error.
    expect(() => step("2026-03-06T04:30:00Z", { type: "rate", score: 1, resolved: false })).toThrow(
      expect.objectContaining({
        why: { vi: "Kiến nghị đã được đánh giá", en: "it was rated already" },
        statusName: { vi: "đã trả lời", en: "answered" },
      }),
    );
    const resolved = step("2026-03-06T05:00:00Z", { type: "resolve" });
    expect(resolved.state).toMatchObject({
      status: "resolved",
      rating: { score: 5, resolved: true },
    });
    expect(resolved.state.closedAt).toBe("2026-03-06T05:00:00.000Z");
  });

  it.each([
    [
      "forward",
      { type: "forward", to: "Thanh tra tỉnh", reason: "thuộc thẩm quyền thanh tra" },
      "forwarded",
    ],
    ["reject", { type: "reject", reason: "nội dung không rõ" }, "rejected"],
    ["markDuplicate", { type: "markDuplicate", of: "p-0" }, "duplicate"],
    ["withdraw", { type: "withdraw", reason: "người dân rút đơn" }, "withdrawn"],
  ] as const)("leaves by the side exit %s", (_, command, status) => {
    const p = run([
      ["2026-03-02T02:00:00Z", receive],
      ["2026-03-02T03:00:00Z", command as PetitionCommand],
    ]);
    expect(p.status).toBe(status);
    expect(p.closedAt).toBeDefined();
  });

  it("reassigns with a reason and refuses reassigning to the same agency", () => {
    const p = assigned();
    const moved = decide(
      p,
      { type: "reassign", agencyCode: "SO-XD", reason: "đúng thẩm quyền" },
      at("2026-03-03T01:00:00Z"),
    );
    expect(moved.state.agencyCode).toBe("SO-XD");
    expect(moved.facts[0]).toMatchObject({
      name: "reassigned",
      change: { from: "SO-TNMT", agencyCode: "SO-XD" },
    });
    expect(() =>
      decide(
        p,
        { type: "reassign", agencyCode: "SO-TNMT", reason: "x" },
        at("2026-03-03T01:00:00Z"),
      ),
    ).toThrow(TransitionRefusedError);
  });

  it("allows reopening within the window only, and a reopened petition runs a new deadline", () => {
    const answered = run([
      ["2026-03-02T02:00:00Z", receive],
      ["2026-03-02T03:00:00Z", { type: "classify", kind: "feedback", topics: [] }],
      ["2026-03-02T04:00:00Z", { type: "assign", agencyCode: "SO-TNMT" }],
      ["2026-03-03T04:00:00Z", { type: "draftAnswer", text: "a" }],
      ["2026-03-03T05:00:00Z", { type: "approveAnswer" }],
      ["2026-03-03T06:00:00Z", { type: "publishAnswer" }],
    ]);
    const reopened = decide(
      answered,
      { type: "reopen", reason: "chưa thỏa đáng" },
      at("2026-03-10T04:00:00Z"),
    );
    expect(reopened.state).toMatchObject({ status: "reopened", reopenCount: 1, overdue: false });
    expect(reopened.state.answer).toBeUndefined();
    expect(reopened.state.deadline?.workingDays).toBe(10);
    // 10 working days after 3 March is 17 March; the 18th is past the window.
    expect(() =>
      decide(answered, { type: "reopen", reason: "x" }, at("2026-03-18T04:00:00Z")),
    ).toThrow(/reopening window of 10 working days/);
  });
});

describe("the state machine as a table", () => {
  const commands: Record<Exclude<CommandType, "receive">, PetitionCommand> = {
    acknowledge: { type: "acknowledge" },
    classify: { type: "classify", kind: "petition", topics: [] },
    assign: { type: "assign", agencyCode: "A" },
    reassign: { type: "reassign", agencyCode: "B", reason: "r" },
    startWork: { type: "startWork" },
    forward: { type: "forward", to: "T", reason: "r" },
    reject: { type: "reject", reason: "r" },
    markDuplicate: { type: "markDuplicate", of: "p-0" },
    withdraw: { type: "withdraw", reason: "r" },
    putOnHold: { type: "putOnHold", reason: "r" },
    resume: { type: "resume" },
    requestExtension: { type: "requestExtension", workingDays: 5, reason: "r" },
    approveExtension: { type: "approveExtension" },
    denyExtension: { type: "denyExtension", reason: "r" },
    draftAnswer: { type: "draftAnswer", text: "t" },
    approveAnswer: { type: "approveAnswer" },
    publishAnswer: { type: "publishAnswer" },
    resolve: { type: "resolve" },
    closeUnresolved: { type: "closeUnresolved", reason: "r" },
    reopen: { type: "reopen", reason: "r" },
    rate: { type: "rate", score: 4, resolved: true },
    erasePetitioner: { type: "erasePetitioner", basis: "petitioner-request" },
    markDueSoon: { type: "markDueSoon" },
    markOverdue: { type: "markOverdue" },
    recomputeDeadline: { type: "recomputeDeadline", reason: "r" },
  };
  const inStatus = (status: Status): Petition => ({ ...assigned(), status });
  const illegal = Object.entries(commands).flatMap(([name, command]) =>
    statuses
      .filter((s) => !ALLOWED_FROM[name as keyof typeof commands].includes(s))
      .map((status) => [name, status, command] as const),
  );

  it(`refuses every command outside its statuses (${illegal.length} cases) with the current status`, () => {
    expect(illegal.length).toBeGreaterThan(150);
    for (const [name, status, command] of illegal) {
      const error = (() => {
        try {
          decide(inStatus(status), command, at("2026-03-03T04:00:00Z"));
        } catch (e) {
          return e;
        }
      })();
      expect(error, `${name} from ${status}`).toBeInstanceOf(TransitionRefusedError);
      expect(error).toMatchObject({ command: name, status });
    }
  });

  it("never leaves a terminal status", () => {
    // A rating and the erasure of the petitioner's details keep the status they find.
    for (const status of TERMINAL) {
      const open = Object.entries(ALLOWED_FROM).filter(
        ([name, from]) => from.includes(status) && name !== "rate" && name !== "erasePetitioner",
      );
      expect(
        open.map(([name]) => name),
        status,
      ).toEqual([]);
    }
  });

  it("keeps its invariants over any sequence of commands (property)", () => {
    const anyCommand = fc.constantFrom(...Object.values(commands));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyCommand, fc.integer({ min: 0, max: 30 })), { maxLength: 25 }),
        (steps) => {
          let p = decide(null, receive, at("2026-03-02T02:00:00Z")).state;
          let day = Date.parse("2026-03-02T02:00:00Z");
          for (const [command, days] of steps) {
            day += days * 3_600_000 * 6;
            try {
              const decision = decide(p, command, { ...at(new Date(day).toISOString()) });
              expect(ALLOWED_FROM[command.type as keyof typeof commands]).toContain(p.status);
              expect(decision.facts.length).toBe(1);
              p = decision.state;
            } catch (error) {
              if (!(error instanceof TransitionRefusedError)) throw error;
            }
            if (WITH_AGENCY.includes(p.status)) {
              expect(p.agencyCode).toBeDefined();
              expect(p.deadline).toBeDefined();
            }
            if (TERMINAL.includes(p.status)) expect(p.closedAt).toBeDefined();
            expect(p.onHold && !WITH_AGENCY.includes(p.status) && p.status !== "answered").toBe(
              false,
            );
          }
        },
      ),
      { seed: 20261121, numRuns: 300 },
    );
  });
});

describe("deadlines in working days", () => {
  it("skip Tết and the weekends around it", () => {
    // Friday 13 February 2026, the last working day before Tết (14–22 February off).
    const p = run([
      ["2026-02-13T03:00:00Z", receive],
      ["2026-02-13T04:00:00Z", { type: "classify", kind: "feedback", topics: [] }],
      ["2026-02-13T05:00:00Z", { type: "assign", agencyCode: "SO-TNMT" }],
    ]);
    // 10 working days: 23–27 February and 2–6 March; the end of 6 March in Hà Nội.
    expect(p.deadline?.dueAt).toBe("2026-03-06T16:59:59.999Z");
    expect(p.acknowledgement.dueAt).toBe("2026-03-06T16:59:59.999Z");
  });

  it("pause on hold and run the remaining working days after resuming", () => {
    const p = assigned(); // 15 working days after Monday 2 March: due Monday 23 March
    expect(p.deadline?.dueAt).toBe("2026-03-23T16:59:59.999Z");
    const held = decide(
      p,
      { type: "putOnHold", reason: "chờ bổ sung hồ sơ" },
      at("2026-03-09T04:00:00Z"),
    ).state;
    expect(held.deadline?.remainingWorkingDays).toBe(10);
    expect(() => decide(held, { type: "markOverdue" }, at("2026-04-30T04:00:00Z"))).toThrow(
      TransitionRefusedError,
    );
    const resumed = decide(held, { type: "resume" }, at("2026-03-16T04:00:00Z")).state;
    expect(resumed.deadline?.dueAt).toBe("2026-03-30T16:59:59.999Z");
    expect(resumed.onHold).toBe(false);
  });

  it("grow by an approved extension and not by a denied one", () => {
    const p = decide(
      assigned(),
      { type: "requestExtension", workingDays: 5, reason: "cần xác minh" },
      at("2026-03-10T04:00:00Z"),
    ).state;
    expect(() =>
      decide(
        p,
        { type: "requestExtension", workingDays: 5, reason: "x" },
        at("2026-03-10T05:00:00Z"),
      ),
    ).toThrow(/waiting for a decision/);
    const approved = decide(p, { type: "approveExtension" }, at("2026-03-11T04:00:00Z")).state;
    expect(approved.deadline?.dueAt).toBe("2026-03-30T16:59:59.999Z");
    const denied = decide(
      p,
      { type: "denyExtension", reason: "không đủ căn cứ" },
      at("2026-03-11T04:00:00Z"),
    ).state;
    expect(denied.deadline?.dueAt).toBe("2026-03-23T16:59:59.999Z");
    expect(denied.extension?.status).toBe("denied");
  });

  it("become due soon, then overdue, only when their time comes, once each", () => {
    const p = assigned(); // due Monday 23 March
    expect(() => decide(p, { type: "markDueSoon" }, at("2026-03-16T04:00:00Z"))).toThrow(
      /not due soon/,
    );
    const soon = decide(p, { type: "markDueSoon" }, at("2026-03-19T04:00:00Z"));
    expect(soon.facts[0]).toMatchObject({ name: "due_soon", change: { workingDaysLeft: 2 } });
    expect(() => decide(soon.state, { type: "markDueSoon" }, at("2026-03-20T04:00:00Z"))).toThrow(
      TransitionRefusedError,
    );
    expect(() => decide(p, { type: "markOverdue" }, at("2026-03-23T16:59:59.999Z"))).toThrow(
      /has not passed/,
    );
    const overdue = decide(p, { type: "markOverdue" }, at("2026-03-23T17:00:00Z"));
    expect(overdue.facts[0]).toMatchObject({
      name: "became_overdue",
      change: { agencyCode: "SO-TNMT" },
    });
    expect(() =>
      decide(overdue.state, { type: "markOverdue" }, at("2026-03-24T04:00:00Z")),
    ).toThrow(TransitionRefusedError);
    const late = run([
      ["2026-03-02T02:00:00Z", receive],
      ["2026-03-02T03:00:00Z", { type: "classify", kind: "petition", topics: [] }],
      ["2026-03-02T04:00:00Z", { type: "assign", agencyCode: "SO-TNMT" }],
      ["2026-03-24T01:00:00Z", { type: "draftAnswer", text: "a" }],
      ["2026-03-24T02:00:00Z", { type: "approveAnswer" }],
      ["2026-03-24T03:00:00Z", { type: "publishAnswer" }],
    ]);
    expect(late.answeredOnTime).toBe(false);
  });

  it("are recomputed with a reason when the holiday table changes", () => {
    const p = assigned(); // due Monday 23 March under the shipped table
    const corrected = loadHolidayTable(
      defaultHolidayTable.years.map((year) =>
        year.year !== 2026
          ? year
          : {
              ...year,
              days: [
                ...year.days,
                {
                  date: "2026-03-10",
                  name: "Ngày nghỉ bổ sung (ví dụ)",
                  kind: "holiday" as const,
                  basis: "test",
                },
              ],
            },
      ),
    );
    const decision = decide(
      p,
      { type: "recomputeDeadline", reason: "bảng ngày nghỉ 2026 được sửa" },
      {
        ...at("2026-03-05T04:00:00Z"),
        calendar: createCalendar(corrected),
      },
    );
    expect(decision.state.deadline?.dueAt).toBe("2026-03-24T16:59:59.999Z");
    expect(decision.facts[0]).toMatchObject({
      name: "deadline_recomputed",
      change: {
        from: "2026-03-23T16:59:59.999Z",
        to: "2026-03-24T16:59:59.999Z",
        reason: "bảng ngày nghỉ 2026 được sửa",
      },
    });
    expect(() =>
      decide(p, { type: "recomputeDeadline", reason: "x" }, at("2026-03-05T04:00:00Z")),
    ).toThrow(/unchanged/);
  });
});

describe("a petition entered after it arrived", () => {
  it("counts the acknowledgement from the receipt and keeps when it was entered", () => {
    // Arrived Monday 2 March 2026, entered Friday 6 March.
    const entered = decide(
      null,
      { ...receive, receivedAt: "2026-03-02T02:00:00.000Z" },
      at("2026-03-06T02:00:00Z"),
    );
    expect(entered.state).toMatchObject({
      receivedAt: "2026-03-02T02:00:00.000Z",
      enteredAt: "2026-03-06T02:00:00.000Z",
      // 10 working days from Monday 2 March: Monday 16 March, end of day in Vietnam.
      acknowledgement: { dueAt: "2026-03-16T16:59:59.999Z" },
    });
  });

  it("counts the window in Vietnam's days: a letter of 30 days ago may be entered at any hour", () => {
    // Entered 23:00 on 31 March in Vietnam; arrived 00:30 on 1 March, 30 days before.
    const entered = decide(
      null,
      { ...receive, receivedAt: "2026-02-28T17:30:00.000Z" },
      at("2026-03-31T16:00:00Z"),
    );
    expect(entered.state.receivedAt).toBe("2026-02-28T17:30:00.000Z");
    expect(() =>
      decide(
        null,
        { ...receive, receivedAt: "2026-02-28T16:30:00.000Z" },
        at("2026-03-31T16:00:00Z"),
      ),
    ).toThrow(expect.objectContaining({ field: "receivedAt" }));
  });

  it("refuses a receipt in the future or older than the policy allows, in words", () => {
    expect(() =>
      decide(
        null,
        { ...receive, receivedAt: "2026-03-07T02:00:00.000Z" },
        at("2026-03-06T02:00:00Z"),
      ),
    ).toThrow(
      expect.objectContaining({
        field: "receivedAt",
        text: expect.objectContaining({ vi: "Ngày tiếp nhận không được ở tương lai" }),
      }),
    );
    expect(() =>
      decide(
        null,
        { ...receive, receivedAt: "2026-01-20T02:00:00.000Z" },
        at("2026-03-06T02:00:00Z"),
      ),
    ).toThrow(expect.objectContaining({ field: "receivedAt", code: "command-refused" }));
  });

  it("starts the answer period at its legal start, and is overdue at once when that period is over", () => {
    const p = run([
      ["2026-03-20T02:00:00Z", { ...receive, receivedAt: "2026-03-02T02:00:00.000Z" }],
      ["2026-03-20T03:00:00Z", { type: "classify", kind: "feedback", topics: [] }],
    ]);
    const late = decide(
      p,
      { type: "assign", agencyCode: "SO-TNMT", legalStart: "2026-03-02T02:00:00.000Z" },
      at("2026-03-20T04:00:00Z"),
    );
    expect(late.state).toMatchObject({
      status: "assigned",
      overdue: true,
      deadline: { countFrom: "2026-03-02T02:00:00.000Z", workingDays: 10 },
    });
    expect(late.facts.map((fact) => fact.name)).toEqual(["assigned", "became_overdue"]);
    expect(() =>
      decide(
        p,
        { type: "assign", agencyCode: "SO-TNMT", legalStart: "2026-03-01T02:00:00.000Z" },
        at("2026-03-20T04:00:00Z"),
      ),
    ).toThrow(expect.objectContaining({ field: "legalStart" }));
  });
});

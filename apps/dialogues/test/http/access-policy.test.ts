import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessCase, AccessSubject } from "@danvan/testing";
import { accessPermutations, accessSubjects, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DialoguesAction } from "../../src/domain/access.ts";
import { accessPolicy } from "../../src/domain/access.ts";
import { dialoguesInstance } from "../fixtures.ts";

// The access policy of src/domain/access.ts (the table the README prints) is what the service
// enforces: every action × role × scope, each sent as the request that does it.
const scope = testScope("dialogues-access-policy");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;
const meta = { correlationId: "setup", actor: "test" };
/** The petition and the session of each commune and agency, by "<unit>|<agency>" and unit. */
const petitions = new Map<string, string>();
const sessions = new Map<string, string>();

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const unitCode of ["00004", "00082"]) {
    for (const agencyCode of ["SO-TNMT", "SO-XD"]) {
      const { state } = await instance.receive(
        {
          id: crypto.randomUUID(),
          unitCode,
          source: "portal",
          petitioner: { anonymous: false, name: "Trần Văn Bình", phone: "0912345678" },
          content: "Đường làng xuống cấp",
        },
        meta,
      );
      await instance.petitions.execute(
        state.id,
        { type: "classify", kind: "petition", topics: [] },
        meta,
      );
      await instance.petitions.execute(state.id, { type: "assign", agencyCode }, meta);
      petitions.set(`${unitCode}|${agencyCode}`, state.id);
    }
    const { state } = await instance.sessions.create(
      {
        type: "schedule",
        id: crypto.randomUUID(),
        kind: "periodic_reception",
        level: "commune",
        unitCode,
        chair: { name: "Lê Thị Hoa", position: "Bí thư" },
        title: "Tiếp công dân",
        targetGroups: [],
        issueGroups: [],
        scheduledAt: "2026-12-10T02:00:00.000Z",
        place: "Trụ sở",
      },
      meta,
    );
    sessions.set(unitCode, state.id);
  }
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
});

const kebab = (name: string) => name.replaceAll(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The body each command takes (any valid one: the state machine may still refuse it, 409). No
 * command may move a petition out of the commune and agency its cases are about: a reassignment
 * names the agency it has already (and is refused for that, 409).
 */
const commandBody = (verb: string, agencyCode: string) =>
  verb === "assign"
    ? { agencyCode }
    : verb === "reassign"
      ? { agencyCode, reason: "r" }
      : commandBodies[verb];
const commandBodies: Record<string, unknown> = {
  classify: { kind: "petition", topics: [] },
  forward: { to: "Thanh tra", reason: "r" },
  reject: { reason: "r" },
  markDuplicate: { of: "0193a6f0-7c1e-7b21-9d3f-5a1e2b3c4d5e" },
  withdraw: { reason: "r" },
  putOnHold: { reason: "r" },
  requestExtension: { workingDays: 3, reason: "r" },
  denyExtension: { reason: "r" },
  draftAnswer: { text: "t" },
  closeUnresolved: { reason: "r" },
  reopen: { reason: "r" },
  rate: { score: 4, resolved: true },
  postpone: { to: "2026-12-11T02:00:00.000Z", reason: "r" },
  hold: { attendeeCount: 10 },
  publishMinutes: { minutes: "m" },
  cancel: { reason: "r" },
};

/** The request that does the action to the resource, and whether the answer means "allowed". */
function probe(
  { action, resource }: AccessCase<DialoguesAction>,
  n: number,
): {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  allowed: (status: number, body: unknown) => boolean | undefined;
} {
  const petition = petitions.get(`${resource.unitCode}|${resource.agencyCode}`);
  const session = sessions.get(resource.unitCode);
  const [aggregate, verb = ""] = action.split(".");
  switch (action) {
    case "petition.read":
      return { method: "GET", path: `/petitions/${petition}`, allowed: (s) => s === 200 };
    case "petition.readContact":
      // Seen only where the petition can be read; elsewhere there is nothing to look at.
      return {
        method: "GET",
        path: `/petitions/${petition}`,
        allowed: (s, body) =>
          s === 200
            ? (body as { petitioner: { name?: string } }).petitioner.name !== undefined
            : undefined,
      };
    case "petition.readPersonalDataReads":
      return {
        method: "GET",
        path: `/petitions/${petition}/personal-data-reads`,
        allowed: (s) => s === 200,
      };
    case "petition.erasePetitioner":
      // With a stale version: allowed is 409 (checked after the caller's rights), and the
      // petitioner's name stays for the cases of readContact.
      return {
        method: "POST",
        path: `/petitions/${petition}/erase-petitioner`,
        body: { basis: "petitioner-request" },
        headers: { "if-match": '"999"' },
        allowed: (s) => s === 409,
      };
    case "petition.receive":
      return {
        method: "POST",
        path: "/petitions",
        body: {
          unitCode: resource.unitCode,
          source: "portal",
          petitioner: { anonymous: true },
          content: "c",
        },
        allowed: (s) => s === 201,
      };
    case "session.read":
      return { method: "GET", path: `/sessions/${session}`, allowed: (s) => s === 200 };
    case "session.schedule":
      return {
        method: "POST",
        path: "/sessions",
        body: {
          kind: "adhoc_reception",
          level: "commune",
          unitCode: resource.unitCode,
          chair: { name: "A", position: "B" },
          title: "T",
          targetGroups: [],
          issueGroups: [],
          scheduledAt: "2026-12-12T02:00:00.000Z",
          place: "P",
        },
        allowed: (s) => s === 201,
      };
    case "receptionHolder.read":
      return { method: "GET", path: "/reception-holders", allowed: (s) => s === 200 };
    case "receptionHolder.register":
      return {
        method: "PUT",
        path: `/reception-holders/holder-${n}`,
        body: { name: "A", position: "B", level: "commune", unitCode: resource.unitCode },
        allowed: (s) => s === 200,
      };
    case "agency.register":
      return {
        method: "PUT",
        path: `/agencies/01/SO-P${n}`,
        body: { name: "Sở thử", validFrom: "2025-03-01" },
        allowed: (s) => s === 200,
      };
    case "holidayTable.replace":
      // A table that does not load: allowed, it is 422; refused, 403 before the table is read.
      return {
        method: "PUT",
        path: "/holiday-table",
        body: { years: [{}], reason: "r" },
        allowed: (s) => s === 422,
      };
    default:
      // A command on an existing aggregate: refused is 403 (or 404 where it cannot be read).
      return {
        method: "POST",
        path: `/${aggregate}s/${aggregate === "petition" ? petition : session}/${kebab(verb)}`,
        body: commandBody(verb, resource.agencyCode) ?? {},
        allowed: (s) => ![403, 404].includes(s),
      };
  }
}

describe("a petition's actions", () => {
  // Before the permutations below, which change the petitions: each is assigned, not yet
  // acknowledged, here.
  it("are the commands the policy and the state machine let the caller give it now", async () => {
    const actionsOf = async (subject: (typeof accessSubjects)[number], petition: string) => {
      const token = await instance.tokens.sign({ sub: subject.name, ...subject.claims });
      const response = await fetch(`${base}/petitions/${petition}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return response.status === 200
        ? ((await response.json()) as { actions: string[] }).actions.sort()
        : response.status;
    };
    const who = (name: string) => accessSubjects.find((s) => s.name === name) as AccessSubject;
    const ours = petitions.get("00004|SO-TNMT") as string;
    const officer = await actionsOf(who("commune officer of 00004"), ours);
    const agency = await actionsOf(who("agency officer of SO-TNMT"), ours);
    const admin = await actionsOf(who("province admin"), ours);
    expect(officer).toEqual(expect.arrayContaining(["acknowledge", "reassign", "start-work"]));
    for (const never of ["classify", "assign", "resolve", "erase-petitioner"]) {
      expect(officer, never).not.toContain(never);
    }
    expect(agency).toEqual(expect.arrayContaining(["start-work", "put-on-hold", "draft-answer"]));
    for (const never of ["acknowledge", "reassign", "withdraw", "erase-petitioner"]) {
      expect(agency, never).not.toContain(never);
    }
    expect(admin).toContain("erase-petitioner");
    // Another agency's petition is not theirs to see at all.
    expect(
      await actionsOf(who("agency officer of SO-TNMT"), petitions.get("00004|SO-XD") as string),
    ).toBe(404);
    // Read-only roles see it and may do nothing to it.
    expect(await actionsOf(who("viewer"), ours)).toEqual([]);
  });
});

describe("the access policy", () => {
  it("is what the service enforces, for every action, role and scope", async () => {
    const cases = accessPermutations(accessPolicy);
    const tokens = new Map<string, string>();
    for (const { subject } of cases) {
      if (!tokens.has(subject.name)) {
        tokens.set(
          subject.name,
          await instance.tokens.sign({ sub: subject.name, ...subject.claims }),
        );
      }
    }
    const wrong: string[] = [];
    let observed = 0;
    for (const [n, testCase] of cases.entries()) {
      const request = probe(testCase, n);
      const response = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${tokens.get(testCase.subject.name)}`,
          ...request.headers,
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      const body: unknown = await response.json().catch(() => undefined);
      const allowed = request.allowed(response.status, body);
      if (allowed === undefined) continue;
      observed++;
      if (allowed !== testCase.allowed) {
        const { unitCode, agencyCode } = testCase.resource;
        wrong.push(
          `${testCase.subject.name} ${testCase.action} on ${unitCode}/${agencyCode}: ` +
            `${response.status}, the policy says ${testCase.allowed ? "allowed" : "refused"}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    expect(observed).toBeGreaterThan(1200);
  });
});

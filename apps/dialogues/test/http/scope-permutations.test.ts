import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessTokenClaims } from "@danvan/contracts";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousPetition, dialoguesInstance } from "../fixtures.ts";

// Roles × units × endpoints: nobody reads or writes outside their scope (issue 4). Outside the
// read scope a petition is 404; inside it without the right to act, 403; with the right, the
// request reaches the state machine (any other status). A refused request changes nothing.
const scope = testScope("dialogues-permutations");
let instance: Awaited<ReturnType<typeof dialoguesInstance>>;
let server: Server;
let base: string;

type Claims = Pick<AccessTokenClaims, "roles" | "units" | "agencies">;
const users: Record<string, Claims> = {
  provinceAdmin: { roles: ["province_admin"], units: [], agencies: [] },
  provinceStaff: { roles: ["province_staff"], units: [], agencies: [] },
  communeBaDinh: { roles: ["commune_officer"], units: ["00004"], agencies: [] },
  communeCuaNam: { roles: ["commune_officer"], units: ["00082"], agencies: [] },
  agencyTnmt: { roles: ["agency_officer"], units: [], agencies: ["SO-TNMT"] },
  agencyXd: { roles: ["agency_officer"], units: [], agencies: ["SO-XD"] },
  viewer: { roles: ["viewer"], units: [], agencies: [] },
  inspector: { roles: ["inspector"], units: [], agencies: [] },
  editor: { roles: ["editor"], units: [], agencies: [] },
};
const petitions: { id: string; unitCode: string; agencyCode: string }[] = [];
const tokens: Record<string, string> = {};

const bodies: Record<string, unknown> = {
  acknowledge: {},
  classify: { kind: "petition", topics: [] },
  assign: { agencyCode: "SO-TNMT" },
  "start-work": {},
  forward: { to: "Thanh tra", reason: "r" },
  reject: { reason: "r" },
  "mark-duplicate": { of: "0193a6f0-7c1e-7b21-9d3f-5a1e2b3c4d5e" },
  withdraw: { reason: "r" },
  "put-on-hold": { reason: "r" },
  resume: {},
  "request-extension": { workingDays: 3, reason: "r" },
  "approve-extension": {},
  "deny-extension": { reason: "r" },
  "draft-answer": { text: "t" },
  "approve-answer": {},
  "publish-answer": {},
  resolve: {},
  "close-unresolved": { reason: "r" },
  reopen: { reason: "r" },
  rate: { score: 4, resolved: true },
};
const AGENCY_COMMANDS = new Set([
  "start-work",
  "put-on-hold",
  "resume",
  "request-extension",
  "draft-answer",
]);
// Commands that end a petition would change what later permutations see; they are checked for
// refusal only, on a fresh probe below.
const ENDING = new Set([
  "forward",
  "reject",
  "mark-duplicate",
  "withdraw",
  "resolve",
  "close-unresolved",
]);

beforeAll(async () => {
  instance = await dialoguesInstance(scope, { relay: false });
  server = instance.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [name, claims] of Object.entries(users))
    tokens[name] = await instance.tokens.sign({ sub: name, ...claims });
  const meta = { correlationId: "seed", actor: "test" };
  for (const unitCode of ["00004", "00082"]) {
    for (const agencyCode of ["SO-TNMT", "SO-XD"]) {
      const { id } = (
        await instance.receive(
          anonymousPetition({ unitCode, source: "portal", content: "c" }),
          meta,
        )
      ).state;
      await instance.petitions.execute(
        id,
        { type: "classify", kind: "petition", topics: [] },
        meta,
      );
      await instance.petitions.execute(id, { type: "assign", agencyCode }, meta);
      petitions.push({ id, unitCode, agencyCode });
    }
  }
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await instance?.close();
});

const wide = (u: Claims) => u.roles.some((r) => r === "province_admin" || r === "province_staff");
const mayRead = (u: Claims, p: (typeof petitions)[number]) =>
  wide(u) ||
  u.roles.includes("viewer") ||
  u.units.includes(p.unitCode) ||
  u.agencies.includes(p.agencyCode);
const mayAct = (u: Claims, p: (typeof petitions)[number], command: string) =>
  wide(u) ||
  (u.roles.includes("commune_officer") && u.units.includes(p.unitCode)) ||
  (u.roles.includes("agency_officer") &&
    u.agencies.includes(p.agencyCode) &&
    AGENCY_COMMANDS.has(command));

const call = (method: string, path: string, user: string, body?: unknown) =>
  fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${tokens[user]}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("scope permutations", () => {
  it("reads (petition and timeline): 404 outside the scope, 200 inside", async () => {
    for (const [name, claims] of Object.entries(users)) {
      for (const petition of petitions) {
        for (const path of [`/petitions/${petition.id}`, `/petitions/${petition.id}/timeline`]) {
          const response = await call("GET", path, name);
          expect(response.status, `${name} reads ${path} of ${petition.unitCode}`).toBe(
            mayRead(claims, petition) ? 200 : 404,
          );
        }
      }
    }
  });

  it("writes: refused (403/404) and harmless outside the scope, let through inside", async () => {
    let checked = 0;
    for (const [command, body] of Object.entries(bodies).filter(([c]) => !ENDING.has(c))) {
      for (const [name, claims] of Object.entries(users)) {
        for (const petition of petitions) {
          const before = await instance.petitions.load(petition.id);
          const response = await call("POST", `/petitions/${petition.id}/${command}`, name, body);
          const label = `${name} ${command} on ${petition.unitCode}/${petition.agencyCode}: ${response.status}`;
          if (mayAct(claims, petition, command)) {
            expect([403, 404], label).not.toContain(response.status);
          } else {
            expect(response.status, label).toBe(mayRead(claims, petition) ? 403 : 404);
            expect((await instance.petitions.load(petition.id))?.version, label).toBe(
              before?.version,
            );
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(400);
  });

  it("ending commands: refused outside the scope", async () => {
    for (const command of ENDING) {
      for (const [name, claims] of Object.entries(users)) {
        for (const petition of petitions) {
          if (mayAct(claims, petition, command)) continue;
          const response = await call(
            "POST",
            `/petitions/${petition.id}/${command}`,
            name,
            bodies[command],
          );
          expect(response.status, `${name} ${command}`).toBe(mayRead(claims, petition) ? 403 : 404);
        }
      }
    }
  });
});

import { accessPermutations, testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessPolicy } from "../../src/domain/access.ts";
import { gatewayInstance } from "../fixtures.ts";

// The gateway's access policy (src/domain/access.ts, printed in the README) is what it enforces:
// every action × role × scope, each sent as the request that does it, by users who logged in.
const scope = testScope("gateway-access-policy");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;

beforeAll(async () => {
  gateway = await gatewayInstance(scope);
});
afterAll(async () => {
  await gateway?.close();
});

const requests = {
  "figures.read": (unit: string) => `/api/v1/dashboard?unit=${unit}`,
  "user.manage": () => "/api/v1/admin/users",
  "audit.read": () => "/api/v1/admin/audit",
};

describe("the access policy", () => {
  it("is what the gateway enforces, for every action, role and scope", async () => {
    const tokens = new Map<string, string>();
    const wrong: string[] = [];
    const cases = accessPermutations(accessPolicy);
    for (const { action, subject, resource, allowed } of cases) {
      let token = tokens.get(subject.name);
      if (!token) {
        const username = subject.name.replaceAll(/[^a-z0-9]+/gi, ".").toLowerCase();
        const [role] = subject.claims.roles;
        if (!role) throw new Error(`${subject.name} has no role`);
        await gateway.user(
          username,
          [{ role, units: subject.claims.units, agencies: subject.claims.agencies }],
          { grants: subject.claims.grants },
        );
        token = (await gateway.login(username)).body.accessToken;
        tokens.set(subject.name, token);
      }
      const { status } = await gateway.call("GET", requests[action](resource.unitCode), token);
      if ((status === 200) !== allowed || ![200, 403].includes(status)) {
        wrong.push(
          `${subject.name} ${action} on ${resource.unitCode}: ${status}, ` +
            `the policy says ${allowed ? "allowed" : "refused"}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    expect(cases.length).toBe(3 * 10 * 4);
  });
});

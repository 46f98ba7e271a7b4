import type { AccessTokenClaims } from "@danvan/contracts";
import type { AccessPolicy } from "@danvan/platform/domain";

/** A user of a permutation test: a name for the messages and the claims of their token. */
export interface AccessSubject {
  name: string;
  claims: Pick<AccessTokenClaims, "roles" | "units" | "agencies" | "grants">;
}

/** One case: a user does an action to a resource; the policy says whether they may. */
export interface AccessCase<Action extends string> {
  action: Action;
  subject: AccessSubject;
  resource: { unitCode: string; agencyCode: string };
  allowed: boolean;
}

const subject = (
  name: string,
  roles: AccessTokenClaims["roles"],
  scope: { units?: string[]; agencies?: string[]; grants?: string[] } = {},
): AccessSubject => ({
  name,
  claims: {
    roles,
    units: scope.units ?? [],
    agencies: scope.agencies ?? [],
    grants: scope.grants ?? [],
  },
});

/**
 * Every role, with and without a scope where that changes something, and the grant: the users of
 * a service's permutation test. Their scope is commune 00004 and agency SO-TNMT.
 */
export const accessSubjects: readonly AccessSubject[] = [
  subject("province admin", ["province_admin"]),
  subject("province staff", ["province_staff"]),
  subject("province staff with contact grant", ["province_staff"], {
    grants: ["petitioner_contact"],
  }),
  subject("commune officer of 00004", ["commune_officer"], { units: ["00004"] }),
  subject("agency officer of SO-TNMT", ["agency_officer"], { agencies: ["SO-TNMT"] }),
  subject("inspector", ["inspector"]),
  subject("inspector of 00004", ["inspector"], { units: ["00004"] }),
  subject("editor", ["editor"]),
  subject("viewer", ["viewer"]),
  subject("viewer of 00004", ["viewer"], { units: ["00004"] }),
];

/** What an action is done to: in and out of the subjects' commune, and of their agency. */
export const accessResources: readonly { unitCode: string; agencyCode: string }[] = [
  { unitCode: "00004", agencyCode: "SO-TNMT" },
  { unitCode: "00004", agencyCode: "SO-XD" },
  { unitCode: "00082", agencyCode: "SO-TNMT" },
  { unitCode: "00082", agencyCode: "SO-XD" },
];

/**
 * Every action of a policy × every subject × every resource, with the policy's verdict: a
 * service's permutation test sends each as a request and checks that what it enforces is what
 * its policy (and the table its README prints) says.
 */
export function accessPermutations<Action extends string>(
  policy: AccessPolicy<Action>,
): AccessCase<Action>[] {
  return policy.actions.flatMap((action) =>
    accessSubjects.flatMap((who) =>
      accessResources.map((resource) => ({
        action,
        subject: who,
        resource,
        allowed: policy.allows({ sub: who.name, ...who.claims }, action, resource),
      })),
    ),
  );
}

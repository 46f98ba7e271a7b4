import type { AccessTokenClaims, Role } from "@danvan/contracts";
import { grants, roles } from "@danvan/contracts";

/**
 * Where a holder of a role (or grant) may do something: anywhere in the province, in the units of
 * their token, on what is assigned to the agencies of their token, or in their units when their
 * token names some and everywhere when it names none (a viewer of one commune, or of all).
 */
export type Scope = "everywhere" | "unit" | "agency" | "unit-if-any";

/** A role, or a grant given by name beyond roles (`grant:petitioner_contact`). */
export type Subject = Role | `grant:${(typeof grants)[number]}`;

/** Per action (a command or a query, `petition.assign`), who may do it and where; deny by default. */
export type AccessRules<Action extends string> = Record<
  Action,
  Partial<Record<Subject, Scope | readonly Scope[]>>
>;

/** What an action is done to: the unit it belongs to and the agency it is assigned to. */
export interface Resource {
  unitCode?: string | undefined;
  agencyCode?: string | undefined;
}

/** Everything a user may do an action to: everywhere, or in these units and for these agencies. */
export interface Reach {
  everywhere: boolean;
  units: string[];
  agencies: string[];
}

/** Whether a user may do an action anywhere at all: what a route asks before reading the request. */
export interface AccessGate {
  readonly action: string;
  admits(user: AccessTokenClaims): boolean;
}

export interface AccessPolicy<Action extends string> {
  readonly rules: AccessRules<Action>;
  readonly actions: readonly Action[];
  /** Whether the user may do the action to the resource. */
  allows(user: AccessTokenClaims, action: Action, resource: Resource): boolean;
  /** Where the user may do the action: what a list query filters by. */
  reach(user: AccessTokenClaims, action: Action): Reach;
  /**
   * The action's gate: a user whose roles and grants reach nowhere is refused before the request
   * is even parsed; the handler then checks the resource (its unit, its agency).
   */
  gate(action: Action): AccessGate;
  /** Whether everything `inner` reaches, `outer` reaches too. */
  covers(outer: Reach, inner: Reach): boolean;
  /** The rules as a Markdown table (actions × roles and grants), for the service's README. */
  table(): string;
}

const SUBJECTS: readonly Subject[] = [...roles, ...grants.map((g) => `grant:${g}` as const)];
const scopesOf = (rule: Scope | readonly Scope[] | undefined): readonly Scope[] =>
  rule === undefined ? [] : typeof rule === "string" ? [rule] : rule;
const SHOWN: Record<Scope, string> = {
  everywhere: "everywhere",
  unit: "own units",
  agency: "own agencies",
  "unit-if-any": "own units (everywhere without)",
};

/**
 * A service's access policy as data (docs/architecture.md §9: role × administrative scope, deny by
 * default), kept in its domain: routes ask it, the README prints it, a permutation test checks
 * every action × role × scope against it.
 */
export function defineAccessPolicy<const Action extends string>(
  rules: AccessRules<Action>,
): AccessPolicy<Action> {
  const actions = Object.keys(rules) as Action[];
  const reach = (user: AccessTokenClaims, action: Action): Reach => {
    const rule = rules[action];
    const held: Subject[] = [...user.roles, ...user.grants.map((g) => `grant:${g}` as Subject)];
    const scopes = new Set(held.flatMap((subject) => scopesOf(rule[subject])));
    const unitsIfAny = scopes.has("unit-if-any");
    return {
      everywhere: scopes.has("everywhere") || (unitsIfAny && user.units.length === 0),
      units: scopes.has("unit") || unitsIfAny ? [...user.units] : [],
      agencies: scopes.has("agency") ? [...user.agencies] : [],
    };
  };
  return {
    rules,
    actions,
    reach,
    allows(user, action, resource) {
      const r = reach(user, action);
      return (
        r.everywhere ||
        (resource.unitCode !== undefined && r.units.includes(resource.unitCode)) ||
        (resource.agencyCode !== undefined && r.agencies.includes(resource.agencyCode))
      );
    },
    gate(action) {
      return {
        action,
        admits(user) {
          const r = reach(user, action);
          return r.everywhere || r.units.length > 0 || r.agencies.length > 0;
        },
      };
    },
    covers(outer, inner) {
      return (
        outer.everywhere ||
        (!inner.everywhere &&
          inner.units.every((u) => outer.units.includes(u)) &&
          inner.agencies.every((a) => outer.agencies.includes(a)))
      );
    },
    table() {
      const used = SUBJECTS.filter((subject) => actions.some((a) => rules[a][subject]));
      return [
        `| action | ${used.map((s) => `\`${s}\``).join(" | ")} |`,
        `| --- | ${used.map(() => "---").join(" | ")} |`,
        ...actions.map(
          (action) =>
            `| \`${action}\` | ${used
              .map(
                (s) =>
                  scopesOf(rules[action][s])
                    .map((scope) => SHOWN[scope])
                    .join(", ") || "—",
              )
              .join(" | ")} |`,
        ),
      ].join("\n");
    },
  };
}

import { randomBytes } from "node:crypto";
import type { AuditLog } from "../data/audit.ts";
import type { LoginSessionStore } from "../data/login-sessions.ts";
import type { UserQuery, UserStore } from "../data/users.ts";
import type { Assignment, User, UserStatus } from "../domain/identity/user.ts";
import { assignmentProblems } from "../domain/identity/user.ts";
import type { LoginThrottle } from "../security/login-throttle.ts";
import { hashPassword } from "../security/passwords.ts";
import type { AuthPolicy } from "./auth.ts";
import { PasswordRuleError, passwordProblem } from "./auth.ts";

export class AssignmentRuleError extends Error {
  override readonly name = "AssignmentRuleError";
  readonly problems: { vi: string; en: string }[];
  constructor(problems: { vi: string; en: string }[]) {
    super(problems.map((p) => p.en).join("; "));
    this.problems = problems;
  }
}

export class UserNotFoundError extends Error {
  override readonly name = "UserNotFoundError";
  constructor(id: string) {
    super(`user ${id} does not exist`);
  }
}

/** Who acts, for the audit trail. */
export interface Actor {
  userId: string;
  ip: string;
  correlationId: string;
}

/** A password someone can read out and type: 16 characters of a 56-letter alphabet (~93 bits). */
export function generatePassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** What the API shows of a user: never the hash. */
export function publicUser({ passwordHash: _hash, ...user }: User, version: number) {
  return { ...user, version };
}

function checkAssignments(assignments: Assignment[]) {
  const problems = assignments.flatMap(assignmentProblems);
  if (problems.length > 0) throw new AssignmentRuleError(problems);
}

/** User administration for province administrators; every change is audited with its before and after. */
export function createUserAdministration(deps: {
  users: UserStore;
  sessions: LoginSessionStore;
  audit: AuditLog;
  throttle: Pick<LoginThrottle, "forgetUsername">;
  policy: AuthPolicy;
  now: () => Date;
}) {
  const { users, audit } = deps;

  async function load(id: string) {
    const found = await users.get(id);
    if (!found) throw new UserNotFoundError(id);
    return found;
  }

  /** One audited change of chosen fields, under the version the administrator saw. */
  async function change(
    id: string,
    expectedVersion: number | undefined,
    actor: Actor,
    action: string,
    edit: (user: User) => { set: Partial<Omit<User, "id">>; unset?: (keyof User)[] },
    detail: (before: User, after: User) => Record<string, unknown>,
  ) {
    const now = deps.now();
    const { user, version } = await load(id);
    const { set, unset = [] } = edit(user);
    const changes = { ...set, updatedAt: now.toISOString() };
    const newVersion = await users.update(id, expectedVersion ?? version, changes, unset);
    const after = { ...user, ...changes } as User;
    for (const field of unset) delete after[field];
    await audit.record(
      {
        actor: actor.userId,
        action,
        target: id,
        ip: actor.ip,
        correlationId: actor.correlationId,
        detail: detail(user, after),
      },
      now,
    );
    return { user: after, version: newVersion };
  }

  return {
    list: (query: UserQuery) => users.list(query),
    get: load,

    async create(
      input: {
        username: string;
        displayName: string;
        password?: string | undefined;
        assignments: Assignment[];
        grants: string[];
      },
      actor: Actor,
    ) {
      const now = deps.now();
      checkAssignments(input.assignments);
      const password = input.password ?? generatePassword();
      const problem = passwordProblem(password, input.username, deps.policy.passwordMinLength);
      if (problem) throw new PasswordRuleError(problem);
      const user: User = {
        id: crypto.randomUUID(),
        username: input.username,
        displayName: input.displayName,
        status: "active",
        assignments: input.assignments,
        grants: input.grants,
        passwordHash: await hashPassword(password, deps.policy.passwordMemoryKib),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await users.create(user);
      await audit.record(
        {
          actor: actor.userId,
          action: "user.created",
          target: user.id,
          ip: actor.ip,
          correlationId: actor.correlationId,
          detail: {
            username: user.username,
            displayName: user.displayName,
            assignments: user.assignments,
            grants: user.grants,
          },
        },
        now,
      );
      return {
        user,
        version: 1,
        ...(input.password === undefined ? { generatedPassword: password } : {}),
      };
    },

    update(
      id: string,
      changes: { displayName?: string | undefined; grants?: string[] | undefined },
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      return change(
        id,
        expectedVersion,
        actor,
        "user.updated",
        () => ({
          set: {
            ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
            ...(changes.grants !== undefined ? { grants: changes.grants } : {}),
          },
        }),
        (before, after) => ({
          before: { displayName: before.displayName, grants: before.grants },
          after: { displayName: after.displayName, grants: after.grants },
        }),
      );
    },

    setAssignments(
      id: string,
      assignments: Assignment[],
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      checkAssignments(assignments);
      return change(
        id,
        expectedVersion,
        actor,
        "user.assignments-changed",
        () => ({ set: { assignments } }),
        (before, after) => ({ before: before.assignments, after: after.assignments }),
      );
    },

    /** Disabling ends every login of the user at once. */
    async setStatus(
      id: string,
      status: UserStatus,
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      const result = await change(
        id,
        expectedVersion,
        actor,
        status === "disabled" ? "user.disabled" : "user.enabled",
        () => ({ set: { status } }),
        (before, after) => ({ before: before.status, after: after.status }),
      );
      if (status === "disabled") {
        await deps.sessions.endAllOf(id, "disabled", deps.now().toISOString());
      }
      return result;
    },

    /** A new password (given, or generated and returned once); the user's logins end. */
    async resetPassword(
      id: string,
      password: string | undefined,
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      const { user } = await load(id);
      const next = password ?? generatePassword();
      const problem = passwordProblem(next, user.username, deps.policy.passwordMinLength);
      if (problem) throw new PasswordRuleError(problem);
      const passwordHash = await hashPassword(next, deps.policy.passwordMemoryKib);
      const result = await change(
        id,
        expectedVersion,
        actor,
        "user.password-reset",
        () => ({ set: { passwordHash } }),
        () => ({}),
      );
      await deps.sessions.endAllOf(id, "password-reset", deps.now().toISOString());
      return { ...result, ...(password === undefined ? { generatedPassword: next } : {}) };
    },

    /** The user may try again at once, from anywhere: their wrong logins are forgotten. */
    async unlock(id: string, actor: Actor) {
      const { user, version } = await load(id);
      await deps.throttle.forgetUsername(user.username);
      await audit.record(
        {
          actor: actor.userId,
          action: "user.unlocked",
          target: id,
          ip: actor.ip,
          correlationId: actor.correlationId,
        },
        deps.now(),
      );
      return { user, version };
    },

    audit: audit.list,
  };
}

export type UserAdministration = ReturnType<typeof createUserAdministration>;

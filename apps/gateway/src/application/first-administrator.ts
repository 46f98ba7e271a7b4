import type { AuditLog } from "../data/audit.ts";
import { UsernameTakenError, type UserStore } from "../data/users.ts";
import type { User } from "../domain/identity/user.ts";
import { hashPassword } from "../security/passwords.ts";
import { generatePassword } from "./users.ts";

/**
 * On a gateway with no user at all, makes the first province administrator, with the configured
 * password or a generated one that is returned (to be printed once, never logged). Replicas
 * starting together make one: the username is unique.
 */
export async function ensureFirstAdministrator(deps: {
  users: UserStore;
  audit: AuditLog;
  username: string;
  password: string | undefined;
  passwordMemoryKib: number;
  now: Date;
}): Promise<{ username: string; generatedPassword?: string } | undefined> {
  if ((await deps.users.count()) > 0) return undefined;
  const password = deps.password ?? generatePassword();
  const at = deps.now.toISOString();
  const user: User = {
    id: crypto.randomUUID(),
    username: deps.username,
    displayName: "Quản trị hệ thống",
    status: "active",
    assignments: [{ role: "province_admin", units: [], agencies: [], validFrom: at }],
    grants: [],
    passwordHash: await hashPassword(password, deps.passwordMemoryKib),
    createdAt: at,
    updatedAt: at,
  };
  try {
    await deps.users.create(user);
  } catch (error) {
    if (error instanceof UsernameTakenError) return undefined;
    throw error;
  }
  await deps.audit.record(
    { actor: "system", action: "user.created", target: user.id, detail: { first: true } },
    deps.now,
  );
  return {
    username: deps.username,
    ...(deps.password === undefined ? { generatedPassword: password } : {}),
  };
}

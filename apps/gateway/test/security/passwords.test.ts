import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "../../src/security/passwords.ts";

/** A hash as the gateway's scrypt wrote it before argon2id. */
function legacyHash(password: string) {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 10, r: 8, p: 1 });
  return ["scrypt", 10, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
}

describe("password hashes", () => {
  it("are argon2id PHC strings with their parameters, verified for that password only", async () => {
    const hash = await hashPassword("Mật khẩu của tôi 2026", 1024);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=2,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("Mật khẩu của tôi 2026", hash)).toBe(true);
    // The same text in NFD is the same password.
    expect(await verifyPassword("Mật khẩu của tôi 2026".normalize("NFD"), hash)).toBe(true);
    expect(await verifyPassword("mật khẩu của tôi 2026", hash)).toBe(false);
    expect(await verifyPassword("x", "$argon2id$v=19$m=1024,t=2,p=1$bad")).toBe(false);
  });

  it("of the scrypt before still verify, and are to be replaced, as are weaker argon2id ones", async () => {
    const old = legacyHash("Mật khẩu cũ");
    expect(await verifyPassword("Mật khẩu cũ", old)).toBe(true);
    expect(await verifyPassword("Mật khẩu khác", old)).toBe(false);
    expect(needsRehash(old, 1024)).toBe(true);
    expect(needsRehash(await hashPassword("p", 1024), 2048)).toBe(true);
    expect(needsRehash(await hashPassword("p", 2048), 2048)).toBe(false);
  });
});

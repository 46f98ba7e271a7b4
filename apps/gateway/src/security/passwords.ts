import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt, Node's built-in memory-hard function (docs/decisions/0006): no
 * native add-on to build in images, and at cost 15 each guess needs 32 MiB and about 0.1 s.
 * A hash records its own parameters, `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`, so raising the
 * cost later leaves old hashes verifiable (and `needsRehash` says which to upgrade at login).
 */
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number) {
  const N = 2 ** logN;
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(
      password.normalize("NFC"),
      salt,
      KEY_BYTES,
      { N, r, p, maxmem: 256 * N * r * p },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, R, P);
  return ["scrypt", cost, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([\w-]{16,})\$([\w-]{32,})$/;

/** True when `password` is the one hashed; false for any other password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match) return false;
  const [, logN, r, p, salt, hash] = match;
  const expected = Buffer.from(hash as string, "base64url");
  const key = await derive(
    password,
    Buffer.from(salt as string, "base64url"),
    Number(logN),
    Number(r),
    Number(p),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function needsRehash(stored: string, cost: number): boolean {
  const match = FORMAT.exec(stored);
  return !match || Number(match[1]) < cost;
}

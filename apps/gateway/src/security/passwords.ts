import { argon2, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with argon2id, Node's built-in (`crypto.argon2`, no native add-on to build in
 * images), at OWASP's parameters: `memoryKib` of memory (19 MiB by default), two passes, one lane
 * (docs/decisions/0006). A hash is a PHC string recording its own parameters,
 * `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`, so raising the memory later leaves
 * old hashes verifiable. Hashes of the scrypt the gateway used before
 * (`scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`) are still verified, and `needsRehash` says to replace
 * them (and weaker argon2id ones) with a new hash at the user's next login.
 */
const PASSES = 2;
const LANES = 1;
const KEY_BYTES = 32;

function argon2id(
  password: string,
  salt: Buffer,
  memoryKib: number,
  passes: number,
  lanes: number,
) {
  return new Promise<Buffer>((resolve, reject) => {
    argon2(
      "argon2id",
      {
        message: password.normalize("NFC"),
        nonce: salt,
        memory: memoryKib,
        passes,
        parallelism: lanes,
        tagLength: KEY_BYTES,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

function legacyScrypt(password: string, salt: Buffer, logN: number, r: number, p: number) {
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

export async function hashPassword(password: string, memoryKib: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await argon2id(password, salt, memoryKib, PASSES, LANES);
  return `$argon2id$v=19$m=${memoryKib},t=${PASSES},p=${LANES}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

const ARGON2ID =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([\w-]{16,})\$([\w-]{32,})$/;
const SCRYPT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([\w-]{16,})\$([\w-]{32,})$/;

/** True when `password` is the one hashed; false for any other password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const argon = ARGON2ID.exec(stored);
  const legacy = argon ? null : SCRYPT.exec(stored);
  const match = argon ?? legacy;
  if (!match) return false;
  const [, a, b, c, salt, hash] = match;
  const derive = argon ? argon2id : legacyScrypt;
  const key = await derive(
    password,
    Buffer.from(salt as string, "base64url"),
    Number(a),
    Number(b),
    Number(c),
  );
  const expected = Buffer.from(hash as string, "base64url");
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Whether a stored hash should be replaced at the next login: scrypt, or less memory than now. */
export function needsRehash(stored: string, memoryKib: number): boolean {
  const match = ARGON2ID.exec(stored);
  return !match || Number(match[1]) < memoryKib || Number(match[2]) < PASSES;
}

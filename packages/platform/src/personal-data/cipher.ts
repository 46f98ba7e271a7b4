import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { ConfigError } from "../config/load.ts";

/**
 * Field-level encryption of personal data at rest (AES-256-GCM). A sealed value is
 * `pd1.<key id>.<iv>.<ciphertext>.<tag>` (base64url), bound to where it belongs (`context`: the
 * aggregate and the field), so that a sealed value copied into another document does not open.
 * The first key seals; every key opens, so keys rotate by putting a new one first: each
 * aggregate is sealed again with it at its next write.
 */
export interface FieldCipher {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** Whether a stored value is sealed (values written before encryption was turned on are not). */
  isSealed(value: unknown): value is string;
}

const PREFIX = "pd1";

export class SealedValueError extends Error {
  override readonly name = "SealedValueError";
}

/** The keys of `PERSONAL_DATA_KEYS`: `id:base64` pairs, comma-separated, the sealing key first. */
export function parsePersonalDataKeys(text: string): { id: string; key: Buffer }[] {
  const problems: string[] = [];
  const keys = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry, index) => {
      const [id = "", encoded = ""] = entry.split(":");
      const key = Buffer.from(encoded, "base64");
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
        problems.push(
          `PERSONAL_DATA_KEYS: key ${index + 1} needs an id of letters, digits, - or _`,
        );
      } else if (key.length !== 32) {
        problems.push(
          `PERSONAL_DATA_KEYS: key ${id} is not 32 bytes of base64 (openssl rand -base64 32)`,
        );
      }
      return { id, key };
    });
  if (keys.length === 0) problems.push("PERSONAL_DATA_KEYS: no key given");
  if (new Set(keys.map((k) => k.id)).size !== keys.length) {
    problems.push("PERSONAL_DATA_KEYS: two keys have the same id");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return keys;
}

export function createFieldCipher(keys: { id: string; key: Buffer }[]): FieldCipher {
  const [current] = keys;
  if (!current) throw new ConfigError(["PERSONAL_DATA_KEYS: no key given"]);
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const b64 = (buffer: Buffer) => buffer.toString("base64url");
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [PREFIX, current.id, b64(iv), b64(body), b64(cipher.getAuthTag())].join(".");
    },
    open(sealed, context) {
      const [prefix, id = "", iv = "", body = "", tag = ""] = sealed.split(".");
      const key = byId.get(id);
      if (prefix !== PREFIX || !key) {
        throw new SealedValueError(`sealed with key "${id}", which PERSONAL_DATA_KEYS lacks`);
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([
          decipher.update(Buffer.from(body, "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new SealedValueError(`a sealed value does not open for ${context}`);
      }
    },
    isSealed: (value): value is string =>
      typeof value === "string" && value.startsWith(`${PREFIX}.`),
  };
}

/** The cipher of the `personalData` config fragment: a `prepare` of runService. */
export function fieldCipherFrom(config: { PERSONAL_DATA_KEYS: string }): FieldCipher {
  return createFieldCipher(parsePersonalDataKeys(config.PERSONAL_DATA_KEYS));
}

import { randomBytes } from "node:crypto";

/** A `PERSONAL_DATA_KEYS` value for a test: one random key, as operators give theirs. */
export function testPersonalDataKeys(id = "test"): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}

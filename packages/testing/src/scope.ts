import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import "./provided.ts";

/** Where one test file works: its own database and topic prefix on the shared infrastructure. */
export interface TestScope {
  kafkaBrokers: string[];
  mongoUrl: string;
  /** A database no other file uses. */
  databaseName: string;
  /** Prepended to topic names (`<prefix>.dialogues.petition.events`) so files never share one. */
  topicPrefix: string;
}

/** `t_` and random bytes: what begins the names of one run's scopes (the global setup's). */
export const newRunPrefix = () => `t_${randomBytes(3).toString("hex")}`;

/**
 * A fresh scope; call once per test file. The name begins with the run's prefix (its teardown
 * drops what the run left behind), carries a hint of the file for people reading the broker or
 * the database, and random bytes for uniqueness across files.
 */
export function testScope(hint = "test"): TestScope {
  const slug = hint
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, "_")
    .replaceAll(/^_+|_+$/g, "")
    .slice(0, 24);
  const name = `${inject("runPrefix")}_${slug || "test"}_${randomBytes(5).toString("hex")}`;
  return {
    kafkaBrokers: inject("kafkaBrokers"),
    mongoUrl: inject("mongoUrl"),
    databaseName: name,
    topicPrefix: name,
  };
}

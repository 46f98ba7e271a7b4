import type { z } from "zod";

/** Start-up refused: every missing or invalid variable is named, not just the first. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.problems = problems;
  }
}

/** A service's configuration: an object of environment variable names. */
export type ConfigSchema = z.ZodObject<Record<string, z.ZodType>>;

/** Parses the environment once at start-up; keys of the schema are variable names. */
export function loadConfig<S extends ConfigSchema>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
) {
  // Empty strings mean "not set", as in most deployment tools.
  const present = Object.fromEntries(
    Object.keys(schema.shape)
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data as z.output<S>;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "(environment)");
    const value = present[name];
    const got = value === undefined ? "not set" : `got "${redact(name, value)}"`;
    return `${name}: ${issue.message} (${got})`;
  });
  throw new ConfigError(problems);
}

const SECRET = /SECRET|PASSWORD|TOKEN|KEY/;
const redact = (name: string, value: string) => (SECRET.test(name) ? "***" : value);

import { parseArgs } from "node:util";

export interface OptionSpec {
  type: "string" | "boolean";
  /** What it does, for --help. */
  description: string;
  /** Shown as `--name <value>` for string options. */
  value?: string;
  multiple?: boolean;
}

export interface CommandSpec<Options extends Record<string, OptionSpec>> {
  /** How it is run: `npm run rebuild -w apps/gateway`. */
  usage: string;
  /** What it does, in a sentence or two. */
  summary: string;
  options?: Options;
  /** Words after the command (`list`, `redrive`, a file), named for --help; none by default. */
  positionals?: readonly { name: string; description: string }[];
  /** The environment variables it reads, for --help. */
  environment?: Record<string, string>;
}

type Values<Options extends Record<string, OptionSpec>> = {
  [K in keyof Options]?: Options[K]["type"] extends "boolean"
    ? boolean
    : Options[K]["multiple"] extends true
      ? string[]
      : string;
};

/** What --help prints: how to run it, what it does, its options and the variables it reads. */
export function helpText(spec: CommandSpec<Record<string, OptionSpec>>): string {
  const rows = (entries: [string, string][]) => {
    const width = Math.max(...entries.map(([name]) => name.length));
    return entries.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`);
  };
  const options = Object.entries(spec.options ?? {}).map(([name, option]): [string, string] => [
    option.type === "string" ? `--${name} <${option.value ?? "value"}>` : `--${name}`,
    `${option.description}${option.multiple ? " (repeatable)" : ""}`,
  ]);
  options.push(["--help", "Print this help and do nothing else"]);
  const positionals = (spec.positionals ?? []).map((p): [string, string] => [
    p.name,
    p.description,
  ]);
  const variables = Object.entries(spec.environment ?? {});
  return [
    `usage: ${spec.usage}`,
    "",
    spec.summary,
    ...(positionals.length > 0 ? ["", "arguments:", ...rows(positionals)] : []),
    "",
    "options:",
    ...rows(options),
    ...(variables.length > 0 ? ["", "environment:", ...rows(variables)] : []),
    "",
  ].join("\n");
}

/**
 * Reads a command's arguments the same way for every CLI of the platform: `--help` prints the
 * help and exits 0 before anything is done; an unknown option or a missing value prints the
 * problem and the usage and exits 2 (wrong usage).
 */
export function parseCommandLine<Options extends Record<string, OptionSpec>>(
  spec: CommandSpec<Options>,
  args: readonly string[] = process.argv.slice(2),
): { values: Values<Options>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(spec.options ?? {}).map(([name, option]) => [
      name,
      { type: option.type, ...(option.multiple ? { multiple: true } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return refuse(spec, (error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  const allowed = spec.positionals?.length ?? 0;
  if (parsed.positionals.length > allowed) {
    return refuse(spec, `unexpected argument "${parsed.positionals[allowed]}"`);
  }
  const { help: _help, ...values } = parsed.values;
  return { values: values as Values<Options>, positionals: parsed.positionals };
}

/** Wrong usage: the problem and how to ask for help, on stderr, and exit code 2. */
export function refuse(spec: { usage: string }, problem: string): never {
  process.stderr.write(`${problem}\nusage: ${spec.usage}\n(--help says more)\n`);
  process.exit(2);
}

export type { CommandSpec, OptionSpec } from "./command-line.ts";
export { helpText, parseCommandLine, refuse } from "./command-line.ts";

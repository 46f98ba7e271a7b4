export { configTable } from "./config-table.ts";
export { fragments, serviceConfig } from "./fragments.ts";
export type { ConfigSchema } from "./load.ts";
export { ConfigError, loadConfig } from "./load.ts";
export { env } from "./variables.ts";

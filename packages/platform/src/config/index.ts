export { fragments, serviceConfig } from "./fragments.ts";
export type { ConfigSchema } from "./load.ts";
export { ConfigError, loadConfig } from "./load.ts";
export {
  CONFIG_TABLE_MARKERS,
  configTable,
  readmeHasConfigTable,
  updateReadmeConfigTable,
} from "./readme-table.ts";
export { env } from "./variables.ts";

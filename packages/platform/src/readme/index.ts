export type { GeneratedSection } from "./sections.ts";
export {
  ACCESS_TABLE_MARKERS,
  accessSection,
  CONFIG_TABLE_MARKERS,
  configSection,
  readmeHasAccessTable,
  readmeHasConfigTable,
  readmeHasSection,
  updateReadme,
  updateReadmeConfigTable,
} from "./sections.ts";

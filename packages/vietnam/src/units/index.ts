export { type CsvRecord, CsvSyntaxError, parseCsv } from "./csv.ts";
export {
  describeChanges,
  diffUnitDatasets,
  hasChanges,
  type UnitDatasetChanges,
} from "./diff.ts";
export {
  type CsvImportOptions,
  type ImportOptions,
  LINEAGE_CSV_COLUMNS,
  parseUnitsCsv,
  parseUnitsJson,
  serializeUnitDataset,
  UNIT_CSV_COLUMNS,
} from "./import.ts";
export {
  type AdministrativeUnit,
  CODE_LENGTH,
  type DatasetIssue,
  type DatasetResult,
  isValidOn,
  LINEAGE_KINDS,
  type LineageEvent,
  type LineageKind,
  TWO_TIER_REFORM_DATE,
  UNIT_KINDS,
  UNIT_KINDS_BY_LEVEL,
  UNIT_LEVELS,
  type UnitDataset,
  type UnitKind,
  type UnitLevel,
  unitCodePattern,
  unitRecord,
} from "./model.ts";
export { officialUnitsFile } from "./official.ts";
export { createProgressBar, type ProgressBar, type ProgressBarOptions } from "./progress.ts";
export {
  createUnitRegistry,
  type UnitRegistry,
  type UnitRegistryOptions,
  type UnitSearchOptions,
} from "./registry.ts";
export { sampleUnitDataset } from "./sample/index.ts";
export {
  assertValidUnitDataset,
  type SourceLines,
  sortDataset,
  UnitDatasetError,
  type ValidateOptions,
  validateUnitDataset,
} from "./validate.ts";

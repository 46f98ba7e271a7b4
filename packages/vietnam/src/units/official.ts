/**
 * The whole country's administrative units before and after the 2025 reform, with their lineage,
 * shipped with this package (data/vietnam-units.json; its source and licence in data/README.md).
 * A dataset file for `parseUnitsJson`: this package reads no files itself.
 */
export const officialUnitsFile: URL = new URL("../../data/vietnam-units.json", import.meta.url);

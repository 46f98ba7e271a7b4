export { loadUnitRegistry, requireUnitOn, SAMPLE_UNITS } from "./units.ts";

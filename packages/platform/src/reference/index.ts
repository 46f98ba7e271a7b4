export { loadUnitRegistry, SAMPLE_UNITS } from "./units.ts";

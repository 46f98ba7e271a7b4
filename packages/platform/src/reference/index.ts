export { loadUnitRegistry, requireUnitOn, SAMPLE_UNITS, unitAbsence } from "./units.ts";

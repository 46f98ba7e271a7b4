export * from "./calendar/index.ts";
export * from "./text/index.ts";
export * from "./units/index.ts";

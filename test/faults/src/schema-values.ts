/** The part of JSON Schema (as the OpenAPI documents of the services write it) values come from. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
  $ref?: string;
}

/** A seeded generator (mulberry32): the same seed, the same requests; printed on failure. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

export type Random = ReturnType<typeof seeded>;

/** Values a pattern of the documents means, where a pattern cannot be generated from. */
const commune = (r: Random) => r.pick(["00004", "00008", "00082", "00091"]);
const PATTERNS: Record<string, (r: Random) => string> = {
  "^\\d{5}$": commune,
  "^(\\d{5})$": commune,
  "^(\\d{2}|\\d{5})$": (r) => (r.chance(0.2) ? "01" : commune(r)),
  "^(\\d{2}|\\d{3}|\\d{5})$": (r) => (r.chance(0.2) ? "01" : commune(r)),
  "^\\d{2}$": () => "01",
  "^[A-Z0-9-]{2,40}$": (r) => r.pick(["SO-XD", "SO-TNMT", "SO-GTVT"]),
  "^[a-z0-9._-]{3,60}$": (r) => `nguoi.dung.${r.int(1, 999)}`,
  "^[a-z0-9-]{1,80}$": (r) => `mot-nguoi-${r.int(1, 999)}`,
  "^\\+?[0-9 .-]{6,20}$": (r) => `09${r.int(10, 99)} ${r.int(100, 999)} ${r.int(100, 999)}`,
  "^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|-Q[1-4])?$": (r) =>
    r.pick(["2026", "2026-11", "2026-Q4", "2026-11-21"]),
  "^\\d{4}$": (r) => r.pick(["2025", "2026"]),
};

const WORDS = [
  "Đường",
  "làng",
  "xuống cấp",
  "Hòa giải",
  "đất đai",
  "môi trường",
  "Ba Đình",
  "nước",
];

function text(r: Random, min = 1, max = 60): string {
  let out = "";
  while ([...out].length < Math.max(min, 1)) out += `${out ? " " : ""}${r.pick(WORDS)}`;
  return [...out].slice(0, Math.max(min, Math.min(max, [...out].length))).join("");
}

/** Patterns and formats no value could be made for: what the suite reports as left out. */
export const unknownSchemas = new Set<string>();

function stringValue(schema: Schema, r: Random): string | undefined {
  // A format says more than the pattern zod writes for it (uuid, date, date-time).
  if (schema.pattern && !["uuid", "date", "date-time", "email"].includes(schema.format ?? "")) {
    const make = PATTERNS[schema.pattern];
    if (!make) unknownSchemas.add(`pattern ${schema.pattern}`);
    return make?.(r);
  }
  const day = () =>
    `2026-${String(r.int(1, 11)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`;
  switch (schema.format) {
    case "uuid":
      return crypto.randomUUID();
    case "date":
      return day();
    case "date-time":
      return `${day()}T0${r.int(1, 9)}:00:00.000Z`;
    case "email":
      return `nguoi.dan${r.int(1, 99)}@example.vn`;
    case "uri":
      return "https://example.vn/a";
    case undefined:
      return text(r, schema.minLength ?? 1, schema.maxLength ?? 60);
    default:
      unknownSchemas.add(`format ${schema.format}`);
      return undefined;
  }
}

/**
 * A value the schema accepts, or undefined when it cannot make one (a pattern it does not
 * know): the caller counts those and leaves the operation out rather than send a guess.
 */
export function validValue(schema: Schema, r: Random, depth = 0): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return r.pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const usable = alternatives.filter((s) => s.type !== "null");
    return validValue(r.pick(usable.length > 0 ? usable : alternatives), r, depth);
  }
  if (schema.allOf) return validValue(Object.assign({}, ...schema.allOf), r, depth);
  const type = Array.isArray(schema.type)
    ? (schema.type.find((t) => t !== "null") ?? "null")
    : schema.type;
  switch (type) {
    case "string":
      return stringValue(schema, r);
    case "integer": {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1) + 1;
      return r.int(Math.max(min, 0), Math.min(schema.maximum ?? min + 20, min + 20));
    }
    case "number":
      return Math.max(schema.minimum ?? 0, Math.min(schema.maximum ?? 10, r.int(0, 10)));
    case "boolean":
      return r.chance(0.5);
    case "null":
      return null;
    case "array": {
      if (!schema.items || depth > 4) return [];
      const count = r.int(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3));
      const items = Array.from({ length: count }, () =>
        validValue(schema.items as Schema, r, depth + 1),
      );
      return items.includes(undefined) ? undefined : items;
    }
    case "object":
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const required = schema.required?.includes(name) ?? false;
        if (!required && !r.chance(0.5)) continue;
        const value = validValue(property, r, depth + 1);
        if (value === undefined) {
          if (required) return undefined;
          continue;
        }
        out[name] = value;
      }
      return out;
    }
    default:
      return undefined;
  }
}

import type { NextFunction, Request, Response } from "express";
import { HttpProblem } from "./problem.ts";

const MAX_DEPTH = 32;

/** Keys that reach an object's prototype when assigned (`{"__proto__": …}` in JSON is one). */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/**
 * Characters no text of ours holds: control characters but tab, line feed and carriage return
 * (C0, DEL, C1: a NUL cannot even be stored as a key), and the bidirectional embedding, override
 * and isolate controls, which make text read other than it is stored (U+202A–202E, U+2066–2069).
 */
const FORBIDDEN_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Invisible characters with no place in Vietnamese text (zero-width space and joiners, word joiner, BOM): removed. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * One rule for the text of every request, before any route sees it (docs/domain.md "Vietnamese
 * text"): strings become NFC without invisible characters (a name of zero-width spaces alone is
 * then empty, which text fields refuse); control and bidirectional-override characters are
 * refused; no key may start with "$" or contain "." (such keys only ever serve to smuggle MongoDB
 * operators), nor be `__proto__`, `constructor` or `prototype`. Refusals are 400s naming the field.
 */
export function normalizeInput(value: unknown): unknown {
  return normalizeAt(value, "", 0);
}

function normalizeAt(value: unknown, path: string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (typeof value === "string") {
    const text = value.normalize("NFC").replace(INVISIBLE, "");
    if (FORBIDDEN_CHARACTER.test(text)) throw forbiddenCharacter(path, text);
    return text;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => normalizeAt(item, `${path}[${i}]`, depth + 1));
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith("$") || key.includes(".") || PROTOTYPE_KEYS.has(key)) {
        throw forbiddenKey(key);
      }
      const name = normalizeAt(key, path, depth + 1) as string;
      out[name] = normalizeAt(item, path ? `${path}.${name}` : name, depth + 1);
    }
    return out;
  }
  return value;
}

const tooDeep = () =>
  new HttpProblem({
    status: 400,
    code: "too-deep",
    title: { vi: "Dữ liệu lồng quá sâu", en: "Nested too deeply" },
  });

const forbiddenKey = (key: string) =>
  new HttpProblem({
    status: 400,
    code: "forbidden-key",
    title: { vi: "Tên trường không được phép", en: "Forbidden field name" },
    detail: {
      vi: `Tên trường không được bắt đầu bằng "$", chứa dấu chấm hay là __proto__, constructor, prototype: "${key.slice(0, 50)}"`,
      en: `Field names may not start with "$", contain "." or be __proto__, constructor, prototype: "${key.slice(0, 50)}"`,
    },
  });

const forbiddenCharacter = (path: string, text: string) => {
  const code = (text.match(FORBIDDEN_CHARACTER)?.[0] ?? "").codePointAt(0) ?? 0;
  const character = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const where = path || "giá trị";
  return new HttpProblem({
    status: 400,
    code: "forbidden-character",
    title: { vi: "Văn bản chứa ký tự không được phép", en: "Text holds a forbidden character" },
    detail: {
      vi: `${where}: có ký tự điều khiển hoặc ký tự đổi chiều văn bản (${character})`,
      en: `${path || "value"}: holds a control or text-direction character (${character})`,
    },
  });
};

export function normalizeRequest(req: Request, _res: Response, next: NextFunction) {
  try {
    if (req.body !== undefined) req.body = normalizeInput(req.body);
    // Express 5's req.query is a getter: replace it with the normalised copy.
    const query = normalizeInput(req.query);
    Object.defineProperty(req, "query", { value: query, writable: true, configurable: true });
    next();
  } catch (error) {
    next(error);
  }
}

import type { NextFunction, Request, Response } from "express";
import { HttpProblem } from "./problem.ts";

const MAX_DEPTH = 32;

/**
 * Every string that enters the system is NFC (docs/domain.md "Vietnamese text"), and no key may start
 * with "$" or contain "." — such keys only ever serve to smuggle MongoDB operators, so they are
 * refused before any route sees them (defence in depth beside strict schemas).
 */
export function normalizeInput(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (typeof value === "string") return value.normalize("NFC");
  if (Array.isArray(value)) return value.map((item) => normalizeInput(item, depth + 1));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith("$") || key.includes(".")) throw operatorKey(key);
      out[key.normalize("NFC")] = normalizeInput(item, depth + 1);
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

const operatorKey = (key: string) =>
  new HttpProblem({
    status: 400,
    code: "forbidden-key",
    title: { vi: "Tên trường không được phép", en: "Forbidden field name" },
    detail: {
      vi: `Tên trường không được bắt đầu bằng "$" hoặc chứa dấu chấm: "${key.slice(0, 50)}"`,
      en: `Field names may not start with "$" or contain ".": "${key.slice(0, 50)}"`,
    },
  });

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

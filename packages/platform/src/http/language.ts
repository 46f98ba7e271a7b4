import type { Request } from "express";

export type Language = "vi" | "en";

/** Vietnamese unless the client prefers English (users are Vietnamese; integrators may not be). */
export function preferredLanguage(req: Request): Language {
  return req.acceptsLanguages("vi", "en") === "en" ? "en" : "vi";
}

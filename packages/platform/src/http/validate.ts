import { inLanguage } from "@danvan/contracts";
import type { Request } from "express";
import { z } from "zod";
import type { Language } from "./language.ts";
import { preferredLanguage } from "./language.ts";
import { vietnameseErrorMap } from "./messages-vi.ts";
import { normalizeInput } from "./normalize.ts";
import type { FieldError } from "./problem.ts";
import { HttpProblem } from "./problem.ts";

/** Built once: a locale builds its message tables each time it is called. */
const errorMaps: Record<Language, z.core.$ZodErrorMap> = {
  vi: vietnameseErrorMap,
  en: z.locales.en().localeError,
};

const WHERE: Record<"body" | "query" | "params", { vi: string; en: string }> = {
  body: { vi: "nội dung", en: "body" },
  query: { vi: "tham số truy vấn", en: "query" },
  params: { vi: "đường dẫn", en: "path" },
};

/**
 * Parses one part of a request with a schema, or throws a 400 problem listing every field error
 * in the client's language. Request schemas are strict objects: unknown keys are refused, and
 * typed fields mean no client value can become a query operator.
 */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  req: Request,
  part: "body" | "query" | "params",
): z.output<S> {
  const lang = preferredLanguage(req);
  // Route parameters are matched after the input middleware ran: normalise them here too.
  const input = part === "params" ? normalizeInput(req.params) : (req[part] ?? {});
  // Messages are worked out when the issues are first read: read them in the language too.
  const outcome = inLanguage(lang, () => {
    const result = schema.safeParse(input, { error: errorMaps[lang] });
    if (result.success) return { data: result.data as z.output<S> };
    return {
      errors: result.error.issues.map(
        (issue): FieldError => ({
          path: [part, ...issue.path.map(String)].join("."),
          message: issue.message,
        }),
      ),
    };
  });
  if ("data" in outcome) return outcome.data;
  const { errors } = outcome;
  throw new HttpProblem({
    status: 400,
    code: "validation",
    title: { vi: "Dữ liệu không hợp lệ", en: "Invalid request" },
    detail: {
      vi: `Có ${errors.length} lỗi trong ${WHERE[part].vi}`,
      en: `${errors.length} error(s) in the ${WHERE[part].en}`,
    },
    errors,
  });
}

import { z } from "zod";

/**
 * Building blocks of a service's OpenAPI 3.1 document from the zod schemas its routes validate
 * with, so the description cannot drift from what is enforced.
 */
export const openApi = {
  /** JSON Schema of what a client sends (the input side of transforms and defaults). */
  schema: (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" }),

  problem: {
    description:
      "problem+json (RFC 9457), title and detail in Vietnamese unless Accept-Language asks for English",
    content: { "application/problem+json": { schema: { type: "object" } } },
  },

  /** The problems any operation may answer. */
  get problemResponses() {
    const problem = openApi.problem;
    return { "400": problem, "401": problem, "403": problem, "404": problem, "409": problem };
  },

  /** An operation needing a bearer token, with its body schema and the usual problems. */
  operation(summary: string, body?: z.ZodType, extra: Record<string, unknown> = {}) {
    return {
      summary,
      security: [{ bearer: [] }],
      ...(body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: openApi.schema(body) } },
            },
          }
        : {}),
      responses: { "200": { description: "OK" }, ...openApi.problemResponses },
      ...extra,
    };
  },

  /** Each property of a query schema as an optional query parameter. */
  queryParameters(query: z.ZodObject) {
    const json = openApi.schema(query) as { properties: Record<string, unknown> };
    return Object.entries(json.properties).map(([name, s]) => ({
      name,
      in: "query",
      required: false,
      schema: s,
    }));
  },

  idParameter: {
    name: "id",
    in: "path",
    required: true,
    schema: { type: "string", format: "uuid" },
  },

  /** The document around the paths. */
  document(title: string, paths: Record<string, Record<string, unknown>>) {
    return {
      openapi: "3.1.0",
      info: { title, version: "1" },
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      },
      paths,
    };
  },
};

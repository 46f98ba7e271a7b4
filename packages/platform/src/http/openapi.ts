import { z } from "zod";
import type { Route } from "./routes.ts";

/** JSON Schema of what a client sends (the input side of transforms and defaults). */
const inputSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
/** JSON Schema of what the service answers. */
const outputSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });

/** Every problem+json answer (RFC 9457); inline, so that documents merged elsewhere stay whole. */
const PROBLEM_SCHEMA = {
  type: "object",
  required: ["type", "title", "status"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    instance: { type: "string" },
    correlationId: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: { path: { type: "string" }, message: { type: "string" } },
      },
    },
  },
};

const PROBLEM_TEXT: Record<number, string> = {
  400: "Dữ liệu không hợp lệ: mọi lỗi của từng trường (errors)",
  401: "Chưa đăng nhập, hoặc mã truy cập không hợp lệ hay đã hết hạn",
  403: "Ngoài vai trò hoặc phạm vi của người dùng",
  404: "Không có, hoặc ngoài phạm vi đọc của người dùng",
  409: "Xung đột: trạng thái hiện tại không cho phép, hoặc phiên bản (If-Match) đã cũ",
  413: "Nội dung quá lớn",
  422: "Vi phạm quy tắc nghiệp vụ",
  429: "Quá nhiều yêu cầu (Retry-After)",
  503: "Tạm thời không phục vụ được",
  504: "Dịch vụ phía sau không trả lời kịp",
};

const problemResponse = (status: number) => ({
  description: `${PROBLEM_TEXT[status] ?? "Lỗi"} (problem+json; tiếng Việt trừ khi Accept-Language: en)`,
  content: { "application/problem+json": { schema: PROBLEM_SCHEMA } },
});

/** `/petitions/:id/timeline` → `/petitions/{id}/timeline`. */
const openApiPath = (path: string) => path.replaceAll(/:([A-Za-z0-9_]+)/g, "{$1}");

function parameters(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = inputSchema(schema) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    ...(property.description ? { description: property.description } : {}),
    schema: property,
  }));
}

/** One operation of the document, from its route's declaration. */
function operation({ declaration: d, signed }: Route) {
  const successes = Object.entries(d.responses).map(([status, response]) => [
    status,
    {
      description: response.description,
      ...(d.ifMatch || d.method === "get"
        ? {
            headers: {
              ETag: { description: "The version, for If-Match", schema: { type: "string" } },
            },
          }
        : {}),
      ...(response.contentType
        ? { content: { [response.contentType]: { schema: { type: "string" } } } }
        : response.schema
          ? { content: { "application/json": { schema: outputSchema(response.schema) } } }
          : {}),
    },
  ]);
  const problemStatuses = [
    ...new Set([400, ...(signed ? [401] : []), ...(d.access ? [403] : []), ...(d.problems ?? [])]),
  ].sort();
  return {
    operationId: d.operationId,
    tags: [d.tag],
    summary: d.summary,
    ...(d.description ? { description: d.description } : {}),
    ...(d.access ? { "x-access-action": d.access.action } : {}),
    security: signed ? [{ bearer: [] }] : [],
    parameters: [
      ...parameters(d.params, "path"),
      ...parameters(d.query, "query"),
      ...(d.ifMatch
        ? [
            {
              name: "If-Match",
              in: "header",
              required: false,
              description: "The ETag of the version the change was decided on",
              schema: { type: "string" },
            },
          ]
        : []),
    ],
    ...(d.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: inputSchema(d.body) } },
          },
        }
      : {}),
    responses: Object.fromEntries([
      ...successes,
      ...problemStatuses.map((status) => [String(status), problemResponse(status)]),
    ]),
  };
}

/** The paths of an OpenAPI 3.1 document, one operation per declared route. */
export function openApiPaths(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.declaration.path);
    paths[path] = { ...paths[path], [route.declaration.method]: operation(route) };
  }
  return paths;
}

/**
 * A service's API description (OpenAPI 3.1), generated from the same declarations the routes are
 * served from, so it cannot drift from what is enforced.
 */
export function openApiDocument(options: {
  title: string;
  paths: Record<string, Record<string, unknown>>;
}) {
  return {
    openapi: "3.1.0",
    info: { title: options.title, version: "1" },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    paths: options.paths,
  };
}

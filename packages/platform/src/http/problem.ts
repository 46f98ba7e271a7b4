import type { NextFunction, Request, Response } from "express";
import { CommandRefusedError, TransitionRefusedError } from "../domain/index.ts";
import type { Logger } from "../log/index.ts";
import {
  AggregateExistsError,
  AggregateNotFoundError,
  ConcurrencyConflictError,
} from "../mongo/errors.ts";
import type { Language } from "./language.ts";
import { preferredLanguage } from "./language.ts";

/** A field-level complaint, in the client's language. */
export interface FieldError {
  path: string;
  message: string;
}

type Text = Record<Language, string>;

/**
 * An error a client caused and can act on, answered as RFC 9457 problem+json. `title` and `detail`
 * come in the client's language (Vietnamese by default); `code` is stable for programs.
 */
export class HttpProblem extends Error {
  override readonly name = "HttpProblem";
  readonly status: number;
  readonly code: string;
  readonly title: Text;
  readonly detail: Text | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown>;
  /** Response headers the answer needs (Retry-After of a 429). */
  readonly headers: Record<string, string>;

  constructor(options: {
    status: number;
    code: string;
    title: Text;
    detail?: Text;
    errors?: FieldError[];
    extra?: Record<string, unknown>;
    headers?: Record<string, string>;
  }) {
    super(options.title.en);
    this.status = options.status;
    this.code = options.code;
    this.title = options.title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}

/** The `Retry-After` header of a problem the client may retry, when it says in how long. */
const retryAfter = (seconds: number | undefined) =>
  seconds === undefined ? {} : { headers: { "retry-after": String(seconds) } };

export const problems = {
  /** A 400 for a rule a schema cannot express (the same code as schema failures). */
  invalid: (detail: Text) =>
    new HttpProblem({
      status: 400,
      code: "validation",
      title: { vi: "Dữ liệu không hợp lệ", en: "Invalid request" },
      detail,
    }),
  /**
   * A 422: the request is well formed (its schema holds) but a rule across its fields or of the
   * business refuses it — a 400 says the request itself is malformed.
   */
  refused: (detail: Text) =>
    new HttpProblem({
      status: 422,
      code: "command-refused",
      title: { vi: "Vi phạm quy tắc nghiệp vụ", en: "Business rule violated" },
      detail,
    }),
  notFound: (what?: Text) =>
    new HttpProblem({
      status: 404,
      code: "not-found",
      title: { vi: "Không tìm thấy", en: "Not found" },
      ...(what ? { detail: what } : {}),
    }),
  unauthorized: (detail?: Text) =>
    new HttpProblem({
      status: 401,
      code: "unauthorized",
      title: { vi: "Chưa xác thực", en: "Authentication required" },
      detail: detail ?? {
        vi: "Cần mã truy cập hợp lệ (Authorization: Bearer …)",
        en: "A valid access token is required (Authorization: Bearer …)",
      },
    }),
  forbidden: (detail?: Text) =>
    new HttpProblem({
      status: 403,
      code: "forbidden",
      title: { vi: "Không có quyền", en: "Forbidden" },
      detail: detail ?? {
        vi: "Bạn không có quyền thực hiện thao tác này trong phạm vi của mình",
        en: "This action is outside your role or scope",
      },
    }),
  /** A 405: a method no route answers (TRACE, CONNECT, …); `Allow` lists those that may be. */
  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new HttpProblem({
      status: 405,
      code: "method-not-allowed",
      title: { vi: "Phương thức không được hỗ trợ", en: "Method not allowed" },
      detail: {
        vi: `Không có thao tác nào dùng phương thức ${method.slice(0, 20)}`,
        en: `No operation uses the method ${method.slice(0, 20)}`,
      },
      headers: { allow: allowed.join(", ") },
    }),
  /** A 429, with when to come back (`Retry-After`, seconds). */
  tooManyRequests: (detail: Text, retryAfterSeconds?: number) =>
    new HttpProblem({
      status: 429,
      code: "too-many-requests",
      title: { vi: "Quá nhiều yêu cầu", en: "Too many requests" },
      detail,
      ...retryAfter(retryAfterSeconds),
    }),
  /** A 503: something this request needs is down; the client may retry later. */
  unavailable: (detail: Text, retryAfterSeconds?: number) =>
    new HttpProblem({
      status: 503,
      code: "unavailable",
      title: { vi: "Dịch vụ tạm thời không sẵn sàng", en: "Service unavailable" },
      detail,
      ...retryAfter(retryAfterSeconds),
    }),
  conflict: (detail: Text, extra?: Record<string, unknown>) =>
    new HttpProblem({
      status: 409,
      code: "conflict",
      title: { vi: "Xung đột trạng thái", en: "Conflict" },
      detail,
      ...(extra ? { extra } : {}),
    }),
};

const INTERNAL: Text = { vi: "Lỗi hệ thống", en: "Internal error" };

/** body-parser's errors carry a `type`; map the ones a client causes to clear problems. */
function fromBodyParser(error: { type?: string; limit?: number }): HttpProblem | undefined {
  switch (error.type) {
    case "entity.parse.failed":
      return new HttpProblem({
        status: 400,
        code: "malformed-json",
        title: { vi: "JSON không hợp lệ", en: "Malformed JSON" },
        detail: {
          vi: "Nội dung gửi lên không phải JSON hợp lệ",
          en: "The request body is not valid JSON",
        },
      });
    case "entity.too.large":
      return new HttpProblem({
        status: 413,
        code: "payload-too-large",
        title: { vi: "Nội dung quá lớn", en: "Payload too large" },
        detail: {
          vi: `Nội dung vượt quá giới hạn ${error.limit ?? ""} byte`,
          en: `The body exceeds the limit of ${error.limit ?? ""} bytes`,
        },
      });
    case "encoding.unsupported":
    case "charset.unsupported":
      return new HttpProblem({
        status: 415,
        code: "unsupported-encoding",
        title: { vi: "Bảng mã không được hỗ trợ", en: "Unsupported encoding" },
        detail: { vi: "Hãy gửi JSON bằng UTF-8", en: "Send JSON in UTF-8" },
      });
    default:
      return undefined;
  }
}

/** The MongoDB driver's errors that mean the database cannot be reached right now. */
const DATABASE_UNREACHABLE = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
]);

/** The database is down: the client may retry shortly (503), nothing was half done. */
export const databaseUnavailable = () =>
  problems.unavailable(
    {
      vi: "Cơ sở dữ liệu tạm thời không trả lời; hãy thử lại sau ít giây",
      en: "The database is not answering; try again in a few seconds",
    },
    5,
  );

function fromInfrastructure(error: unknown): HttpProblem | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && DATABASE_UNREACHABLE.has(name)
    ? databaseUnavailable()
    : undefined;
}

function fromDomain(error: unknown): HttpProblem | undefined {
  if (error instanceof CommandRefusedError) {
    const reference = error.code === "invalid-reference";
    return new HttpProblem({
      status: 422,
      code: error.code,
      title: reference
        ? { vi: "Tham chiếu không hợp lệ", en: "Invalid reference" }
        : { vi: "Vi phạm quy tắc nghiệp vụ", en: "Business rule violated" },
      detail: error.text,
      extra: { field: error.field },
    });
  }
  if (error instanceof TransitionRefusedError) {
    const status = error.statusName ?? { vi: error.status, en: error.status };
    return problems.conflict(
      error.why ?? {
        vi: `Không thể thực hiện thao tác này khi đang ở trạng thái "${status.vi}"`,
        en: `Not allowed while the status is "${status.en}"`,
      },
      { currentStatus: error.status },
    );
  }
  if (error instanceof ConcurrencyConflictError) {
    return problems.conflict(
      {
        vi: `Dữ liệu đã được người khác thay đổi (phiên bản hiện tại ${error.actualVersion}); hãy tải lại rồi thử lại`,
        en: `Changed by someone else (now at version ${error.actualVersion}); reload and retry`,
      },
      { currentVersion: error.actualVersion },
    );
  }
  if (error instanceof AggregateExistsError) {
    return problems.conflict({ vi: "Đối tượng đã tồn tại", en: "It already exists" });
  }
  if (error instanceof AggregateNotFoundError) return problems.notFound();
  return undefined;
}

/**
 * The path the caller used: behind the gateway, the public prefix it forwards
 * (`X-Forwarded-Prefix: /api/v1/dialogues`) before the service's own path. Only a plain path
 * prefix is taken: the header is shown to the caller, never trusted for anything else.
 */
function publicPath(req: Request): string {
  const path = req.originalUrl.split("?")[0] ?? "";
  const prefix = req.get("x-forwarded-prefix");
  return prefix !== undefined && /^(\/[a-z0-9-]{1,40}){1,5}$/.test(prefix) ? prefix + path : path;
}

export function sendProblem(req: Request, res: Response, problem: HttpProblem) {
  const lang = preferredLanguage(req);
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res
    .status(problem.status)
    .type("application/problem+json")
    .json({
      type: `https://danvan.vn/problems/${problem.code}`,
      title: problem.title[lang],
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail[lang] } : {}),
      instance: publicPath(req),
      correlationId: res.getHeader("x-correlation-id"),
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...problem.extra,
    });
}

/** The last middleware: every error becomes problem+json; internals are logged, never sent. */
export function problemHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem =
      error instanceof HttpProblem
        ? error
        : (fromBodyParser(error as { type?: string }) ??
          fromDomain(error) ??
          fromInfrastructure(error));
    const log = req.log ?? logger;
    if (problem) {
      if (problem.status >= 500) log.error({ err: error }, problem.title.en);
      sendProblem(req, res, problem);
      return;
    }
    log.error({ err: error }, "unhandled error");
    if (res.headersSent) return;
    sendProblem(req, res, new HttpProblem({ status: 500, code: "internal", title: INTERNAL }));
  };
}

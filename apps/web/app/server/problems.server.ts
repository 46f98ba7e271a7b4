import { data } from "react-router";
import { GatewayProblem, GatewayUnavailable } from "./gateway.server.ts";

/** What a form shows after the gateway refused it: a message, and the fields it concerns. */
export interface FormProblem {
  message: string;
  fields: Record<string, string>;
}

/**
 * The gateway's refusal as the form shows it: each field's reason next to the field (the API's
 * paths `body.<field>` become the form's names), the problem's own words above the form. A
 * gateway that cannot answer is the page's error (503), not the form's.
 */
export function formProblem(error: unknown, fallback: string): FormProblem {
  if (error instanceof GatewayUnavailable) {
    throw data(
      { title: "Hệ thống đang bận", detail: "Máy chủ tạm thời chưa trả lời. Vui lòng thử lại." },
      { status: 503 },
    );
  }
  if (!(error instanceof GatewayProblem)) throw error;
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([path, message]) => [path.replace(/^body\./, ""), message]),
  );
  return { message: error.detail ?? error.message ?? fallback, fields };
}

/** Where to go after signing in: a path of this site only, never another site's address. */
export function localPath(value: FormDataEntryValue | string | null, fallback: string): string {
  // No control characters or spaces: browsers drop a tab from `/\t/evil.example`, making it `//…`.
  return typeof value === "string" && /^\/(?![/\\])[^\s\p{Cc}]*$/u.test(value) ? value : fallback;
}

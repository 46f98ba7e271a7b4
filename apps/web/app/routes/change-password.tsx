import { data, Form } from "react-router";
import { signedIn } from "../context.ts";
import type { FormProblem } from "../server/problems.server.ts";
import { formProblem } from "../server/problems.server.ts";
import { staffGateway } from "../server/staff-gateway.server.ts";
import { Field, Notice } from "../ui/components.tsx";
import type { Route } from "./+types/change-password";

export const meta: Route.MetaFunction = () => [{ title: "Đổi mật khẩu — Ban Dân vận" }];

export function loader({ context }: Route.LoaderArgs) {
  return { csrf: context.get(signedIn)?.csrf ?? "" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const newPassword = String(form.get("newPassword") ?? "");
  if (newPassword !== String(form.get("confirmPassword") ?? "")) {
    const problem: FormProblem = {
      message: "Mật khẩu mới chưa được đổi.",
      fields: { confirmPassword: "Hai lần nhập mật khẩu mới không giống nhau" },
    };
    return data({ done: false, problem }, { status: 400 });
  }
  try {
    await staffGateway({ request, context }).post("/api/v1/auth/password", {
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword,
    });
    return { done: true, problem: undefined };
  } catch (error) {
    return data(
      { done: false, problem: formProblem(error, "Mật khẩu chưa được đổi.") },
      { status: 400 },
    );
  }
}

export default function ChangePassword({ loaderData, actionData }: Route.ComponentProps) {
  const problem = actionData?.problem;
  return (
    <section className="card stack narrow" aria-labelledby="tieu-de">
      <h1 id="tieu-de">Đổi mật khẩu</h1>
      {actionData?.done ? (
        <Notice tone="good">Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.</Notice>
      ) : null}
      {problem ? <Notice tone="bad">{problem.message}</Notice> : null}
      <Form method="post" className="stack">
        <input type="hidden" name="csrf" value={loaderData.csrf} />
        <Field
          name="currentPassword"
          label="Mật khẩu hiện tại"
          type="password"
          autoComplete="current-password"
          error={problem?.fields.currentPassword}
          required
        />
        <Field
          name="newPassword"
          label="Mật khẩu mới"
          type="password"
          autoComplete="new-password"
          hint="Càng dài càng an toàn; không chứa tên đăng nhập."
          error={problem?.fields.newPassword}
          required
        />
        <Field
          name="confirmPassword"
          label="Nhập lại mật khẩu mới"
          type="password"
          autoComplete="new-password"
          error={problem?.fields.confirmPassword}
          required
        />
        <button type="submit" className="button">
          Đổi mật khẩu
        </button>
      </Form>
    </section>
  );
}

import { data, Form, redirect, useNavigation } from "react-router";
import { clientAddress, signedIn, webServices } from "../context.ts";
import { GatewayProblem, gatewayClient } from "../server/gateway.server.ts";
import type { FormProblem } from "../server/problems.server.ts";
import { formProblem, localPath } from "../server/problems.server.ts";
import { currentSession, keepTokens } from "../server/session-middleware.server.ts";
import { Field, Notice } from "../ui/components.tsx";
import type { Route } from "./+types/sign-in";

export const meta: Route.MetaFunction = () => [{ title: "Đăng nhập — Ban Dân vận" }];

const HOME = "/bang-dieu-khien";

export function loader({ request, context }: Route.LoaderArgs) {
  const next = localPath(new URL(request.url).searchParams.get("tiep"), HOME);
  if (context.get(signedIn)) throw redirect(next);
  const current = context.get(currentSession);
  const ended = current.session.get("ended");
  if (ended) current.changed = true; // the flash is read once
  return { next, expired: ended === "expired" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const username = String(form.get("username") ?? "");
  const next = localPath(form.get("tiep"), HOME);
  try {
    const tokens = await gatewayClient({
      baseUrl: context.get(webServices).gatewayUrl,
      clientAddress: context.get(clientAddress),
      correlationId: request.headers.get("x-correlation-id"),
    }).post<Parameters<typeof keepTokens>[1]>("/api/v1/auth/login", {
      username,
      password: String(form.get("password") ?? ""),
    });
    keepTokens(context.get(currentSession), tokens);
    return redirect(next);
  } catch (error) {
    let problem: FormProblem;
    if (error instanceof GatewayProblem && error.status === 401) {
      problem = { message: "Tên đăng nhập hoặc mật khẩu không đúng.", fields: {} };
    } else {
      problem = formProblem(error, "Chưa đăng nhập được; vui lòng thử lại.");
    }
    const status = error instanceof GatewayProblem ? error.status : 400;
    return data({ problem, username }, { status });
  }
}

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const problem = actionData?.problem;
  return (
    <section className="card stack narrow" aria-labelledby="tieu-de">
      <h1 id="tieu-de">Đăng nhập</h1>
      {loaderData.expired && !problem ? (
        <Notice tone="info">Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.</Notice>
      ) : null}
      {problem ? <Notice tone="bad">{problem.message}</Notice> : null}
      <Form method="post" className="stack">
        <input type="hidden" name="tiep" value={loaderData.next} />
        <Field
          name="username"
          label="Tên đăng nhập"
          autoComplete="username"
          defaultValue={actionData?.username ?? ""}
          error={problem?.fields.username}
          required
        />
        <Field
          name="password"
          label="Mật khẩu"
          type="password"
          autoComplete="current-password"
          error={problem?.fields.password}
          required
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Đang đăng nhập…" : "Đăng nhập"}
        </button>
      </Form>
    </section>
  );
}

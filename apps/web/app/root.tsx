import type { ReactNode } from "react";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import { signedIn } from "./context.ts";
import { sessionMiddleware } from "./server/session-middleware.server.ts";
import { PageFooter, PageHeader } from "./ui/layout.tsx";
import { useNonce } from "./ui/nonce.tsx";
import stylesheet from "./ui/styles.css?url";

export const middleware: Route.MiddlewareFunction[] = [sessionMiddleware];

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function loader({ context }: Route.LoaderArgs) {
  const user = context.get(signedIn);
  return {
    user: user
      ? {
          displayName: user.displayName,
          username: user.username,
          roles: user.roles,
          csrf: user.csrf,
        }
      : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#noi-dung">
          Bỏ qua, đến nội dung chính
        </a>
        <PageHeader user={data?.user ?? null} />
        <main id="noi-dung" className="page">
          {children}
        </main>
        <PageFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Đã có lỗi xảy ra";
  let detail = "Hệ thống chưa xử lý được yêu cầu này. Vui lòng thử lại sau ít phút.";
  if (isRouteErrorResponse(error)) {
    // The page's own words when it gave them (the gateway's: "Không có kiến nghị này"), or
    // what the status means.
    const body = error.data as { title?: string; detail?: string } | undefined;
    const byStatus: Record<number, [string, string]> = {
      404: ["Không tìm thấy trang", "Địa chỉ này không có trong hệ thống."],
      403: ["Không có quyền truy cập", "Tài khoản của bạn không được xem nội dung này."],
      503: ["Hệ thống đang bận", "Máy chủ tạm thời chưa trả lời. Vui lòng thử lại sau ít phút."],
    };
    const [statusTitle, statusDetail] = byStatus[error.status] ?? [title, detail];
    title = body?.title ?? statusTitle;
    detail = body?.detail ?? (body?.title ? "" : statusDetail);
  }
  return (
    <section className="stack">
      <h1>{title}</h1>
      {detail ? <p role="alert">{detail}</p> : null}
      <p>
        <a href="/">Về trang chủ</a>
      </p>
    </section>
  );
}

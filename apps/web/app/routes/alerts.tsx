import { data, Link, useRevalidator } from "react-router";
import { formatDateTime, formatNumber } from "../format.ts";
import { useLiveEvents } from "../live.ts";
import { GatewayProblem } from "../server/gateway.server.ts";
import { staffGateway } from "../server/staff-gateway.server.ts";
import type { BadgeTone } from "../ui/components.tsx";
import { Badge, Pager } from "../ui/components.tsx";
import type { Route } from "./+types/alerts";

export const meta: Route.MetaFunction = () => [{ title: "Cảnh báo — Ban Dân vận" }];

const KINDS: Record<string, { label: string; tone: BadgeTone }> = {
  "petition-overdue": { label: "Kiến nghị quá hạn", tone: "bad" },
  "reception-missed": { label: "Chưa tiếp dân đủ", tone: "warn" },
  "event-set-aside": { label: "Sự kiện chưa ghi nhận được", tone: "plain" },
};
const PAGE_SIZE = 20;

interface AlertsPage {
  items: { id: string; kind: string; unitCode: string; at: string; title: string }[];
  total: number;
  page: number;
  pageSize: number;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const kind = url.searchParams.get("loai") ?? "";
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get("trang")) || 1));
  try {
    const alerts = await staffGateway({ request, context }).get<AlertsPage>("/api/v1/alerts", {
      kind: kind in KINDS ? kind : undefined,
      page: String(page),
      pageSize: String(PAGE_SIZE),
    });
    return { alerts, kind: kind in KINDS ? kind : "" };
  } catch (error) {
    if (error instanceof GatewayProblem) {
      throw data({ title: error.message, detail: error.detail }, { status: error.status });
    }
    throw error;
  }
}

/** The alerts in the user's scope, newest first; a new one appears without a reload. */
export default function Alerts({ loaderData }: Route.ComponentProps) {
  const { alerts, kind } = loaderData;
  const revalidator = useRevalidator();
  useLiveEvents("alert", () => void revalidator.revalidate());
  const pages = Math.max(1, Math.ceil(alerts.total / alerts.pageSize));
  const href = (changes: { loai?: string; trang?: number }) => {
    const params = new URLSearchParams();
    const shownKind = changes.loai ?? kind;
    if (shownKind) params.set("loai", shownKind);
    if ((changes.trang ?? 1) > 1) params.set("trang", String(changes.trang));
    return `?${params}`;
  };
  return (
    <div className="stack">
      <h1>Cảnh báo</h1>
      <nav className="card period-picker" aria-label="Loại cảnh báo">
        <ul className="period-picker__kinds">
          {[
            ["", "Tất cả"] as const,
            ...Object.entries(KINDS).map(([k, v]) => [k, v.label] as const),
          ].map(([value, label]) => (
            <li key={value}>
              <Link
                className="period-picker__kind"
                to={href({ loai: value })}
                aria-current={kind === value ? "page" : undefined}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
        <p className="muted">{formatNumber(alerts.total)} cảnh báo</p>
      </nav>
      {alerts.items.length === 0 ? (
        <p className="card">Chưa có cảnh báo nào.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Mới nhất trước</caption>
            <thead>
              <tr>
                <th scope="col">Thời điểm</th>
                <th scope="col">Loại</th>
                <th scope="col">Nội dung</th>
                <th scope="col">Mã đơn vị</th>
              </tr>
            </thead>
            <tbody>
              {alerts.items.map((alert) => (
                <tr key={alert.id}>
                  <td>{formatDateTime(alert.at)}</td>
                  <td>
                    <Badge tone={KINDS[alert.kind]?.tone ?? "plain"}>
                      {KINDS[alert.kind]?.label ?? alert.kind}
                    </Badge>
                  </td>
                  <td>{alert.title}</td>
                  <td>{alert.unitCode}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={alerts.page} pages={pages} href={(n) => href({ trang: n })} />
    </div>
  );
}

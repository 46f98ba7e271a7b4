import { data, Form, Link, useRevalidator } from "react-router";
import { monthlyTrendDescription, monthlyTrendUrl } from "../charts.ts";
import {
  formatDateTime,
  formatNumber,
  formatRate,
  periodName,
  vietnameseOrder,
} from "../format.ts";
import { useLiveEvents } from "../live.ts";
import type { PeriodKind } from "../period.ts";
import { asKind, periodKind, shiftPeriod } from "../period.ts";
import { GatewayProblem } from "../server/gateway.server.ts";
import { staffGateway } from "../server/staff-gateway.server.ts";
import { ChartImage, FigureCard, SortHeader } from "../ui/components.tsx";
import type { Route } from "./+types/dashboard";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.dashboard.unit.name ?? "Bảng điều khiển"} — Ban Dân vận` },
];

interface Ratio {
  numerator: number;
  denominator: number;
  basisPoints: number | null;
}
interface Figures {
  period: { kind: string; key: string; firstDay: string; lastDay: string };
  petitions: {
    received: number;
    answered: number;
    backlog: number;
    overdue: number;
    onTimeRate: Ratio;
    medianWorkingDaysToAnswer: number | null;
  };
  sessions: { planned: number; held: number; cancelled: number };
  receptions: { missed: number };
  asOf: string;
}
interface Trend {
  year: string;
  months: Figures[];
}
interface Dashboard extends Figures {
  unit: { code: string; name: string; level: string };
  attribution: "re-attributed" | "as-recorded";
  children: (Figures & { unit: { code: string; name: string; level: string } })[];
}

/** The columns of the units' table, each sortable: what it shows and how it orders. */
const COLUMNS = {
  name: { label: "Đơn vị", numeric: false },
  received: { label: "Tiếp nhận", numeric: true },
  backlog: { label: "Đang giải quyết", numeric: true },
  overdue: { label: "Quá hạn", numeric: true },
  onTime: { label: "Đúng hạn", numeric: true },
  median: { label: "Trung vị (ngày)", numeric: true },
  held: { label: "Đối thoại", numeric: true },
  missed: { label: "Lỡ tiếp dân", numeric: true },
} as const;
type Column = keyof typeof COLUMNS;

const cellValue = (row: Dashboard["children"][number], column: Column): number | string => {
  switch (column) {
    case "name":
      return row.unit.name;
    case "received":
      return row.petitions.received;
    case "backlog":
      return row.petitions.backlog;
    case "overdue":
      return row.petitions.overdue;
    case "onTime":
      return row.petitions.onTimeRate.basisPoints ?? -1;
    case "median":
      return row.petitions.medianWorkingDaysToAnswer ?? -1;
    case "held":
      return row.sessions.held;
    case "missed":
      return row.receptions.missed;
  }
};

const KINDS: [PeriodKind, string][] = [
  ["day", "Ngày"],
  ["month", "Tháng"],
  ["quarter", "Quý"],
  ["year", "Năm"],
];

/**
 * The figures as the page shows them, and no more: what a loader returns is written into the
 * page for hydration, and the gateway's answer also holds each unit's figures by channel and
 * topic, which this page does not show.
 */
function shown(figures: Figures): Figures {
  const { petitions: p } = figures;
  return {
    period: figures.period,
    asOf: figures.asOf,
    petitions: {
      received: p.received,
      answered: p.answered,
      backlog: p.backlog,
      overdue: p.overdue,
      onTimeRate: p.onTimeRate,
      medianWorkingDaysToAnswer: p.medianWorkingDaysToAnswer,
    },
    sessions: figures.sessions,
    receptions: figures.receptions,
  };
}

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4])?$/;

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const period = url.searchParams.get("period") ?? "";
  const unit = url.searchParams.get("unit") ?? "";
  const attribution =
    url.searchParams.get("attribution") === "as-recorded" ? "as-recorded" : "re-attributed";
  const sortParam = url.searchParams.get("sort") ?? "name";
  const sort = (sortParam.replace(/^-/, "") in COLUMNS ? sortParam : "name") as
    | Column
    | `-${Column}`;
  try {
    const gateway = staffGateway({ request, context });
    const shownUnit = /^\d{2,5}$/.test(unit) ? unit : undefined;
    const shownPeriod = PERIOD.test(period) ? period : undefined;
    const [dashboard, trend] = await Promise.all([
      gateway.get<Dashboard>("/api/v1/dashboard", {
        unit: shownUnit,
        period: shownPeriod,
        attribution,
      }),
      gateway.get<Trend>("/api/v1/dashboard/trend", {
        unit: shownUnit,
        year: shownPeriod?.slice(0, 4),
        attribution,
      }),
    ]);
    const column = sort.replace(/^-/, "") as Column;
    const direction = sort.startsWith("-") ? -1 : 1;
    const children = [...dashboard.children].sort((a, b) => {
      const [x, y] = [cellValue(a, column), cellValue(b, column)];
      const order =
        typeof x === "string" ? vietnameseOrder(x, String(y)) : (x as number) - (y as number);
      return order * direction || vietnameseOrder(a.unit.name, b.unit.name);
    });
    return {
      dashboard: {
        unit: dashboard.unit,
        attribution: dashboard.attribution,
        ...shown(dashboard),
        children: children.map((child) => ({ unit: child.unit, ...shown(child) })),
      },
      sort,
      period: dashboard.period.key,
      trend: {
        year: trend.year,
        months: trend.months.map((m) => ({
          received: m.petitions.received,
          answered: m.petitions.answered,
          overdue: m.petitions.overdue,
        })),
      },
    };
  } catch (error) {
    // The gateway's own words (out of scope, an unknown unit) on the page, with its status.
    if (error instanceof GatewayProblem) {
      throw data({ title: error.message, detail: error.detail }, { status: error.status });
    }
    throw error;
  }
}

export default function DashboardPage({ loaderData }: Route.ComponentProps) {
  const { dashboard, sort, period, trend } = loaderData;
  // The figures are loaded again when the gateway says some changed: no reload of the page.
  const revalidator = useRevalidator();
  const live = useLiveEvents("figures", () => void revalidator.revalidate());
  const p = dashboard.petitions;
  const query = (changes: Record<string, string>) => {
    const params = new URLSearchParams({
      unit: dashboard.unit.code,
      period,
      attribution: dashboard.attribution,
      sort,
      ...changes,
    });
    return `?${params}`;
  };
  return (
    <div className="stack">
      <div className="stack">
        <h1>{dashboard.unit.name}</h1>
        <p className="muted" aria-live="polite" data-as-of={dashboard.asOf}>
          {periodName(period)} · cập nhật lúc {formatDateTime(dashboard.asOf)}
          {live ? " · đang theo dõi trực tiếp" : ""}
        </p>
      </div>

      <nav className="period-picker card" aria-label="Chọn kỳ">
        <ul className="period-picker__kinds">
          {KINDS.map(([kind, label]) => (
            <li key={kind}>
              <Link
                className="period-picker__kind"
                to={query({ period: asKind(period, kind) })}
                aria-current={periodKind(period) === kind ? "page" : undefined}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="period-picker__steps">
          <Link to={query({ period: shiftPeriod(period, -1) })} rel="prev">
            ‹ {periodName(shiftPeriod(period, -1))}
          </Link>
          <strong>{periodName(period)}</strong>
          <Link to={query({ period: shiftPeriod(period, 1) })} rel="next">
            {periodName(shiftPeriod(period, 1))} ›
          </Link>
        </div>
      </nav>

      <Form method="get" className="row card" aria-label="Kỳ khác và cách tính">
        <input type="hidden" name="unit" value={dashboard.unit.code} />
        <input type="hidden" name="sort" value={sort} />
        <div className="field">
          <label htmlFor="ky">Kỳ khác</label>
          <input
            id="ky"
            name="period"
            defaultValue={period}
            pattern="\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4])?"
            aria-describedby="ky-goi-y"
          />
          <p className="field__hint" id="ky-goi-y">
            Ngày 2026-11-21, tháng 2026-11, quý 2026-Q4 hoặc năm 2026
          </p>
        </div>
        <div className="field">
          <label htmlFor="cach-tinh">Cách tính theo đơn vị</label>
          <select id="cach-tinh" name="attribution" defaultValue={dashboard.attribution}>
            <option value="re-attributed">Theo đơn vị hiện nay</option>
            <option value="as-recorded">Theo đơn vị lúc ghi nhận</option>
          </select>
        </div>
        <button type="submit" className="button">
          Xem
        </button>
      </Form>

      <ul className="figures" aria-label="Số liệu chính">
        <FigureCard id="received" label="Kiến nghị tiếp nhận" value={formatNumber(p.received)} />
        <FigureCard id="backlog" label="Đang giải quyết" value={formatNumber(p.backlog)} />
        <FigureCard id="overdue" label="Quá hạn" value={formatNumber(p.overdue)} />
        <FigureCard
          id="on-time"
          label="Trả lời đúng hạn"
          value={formatRate(p.onTimeRate.basisPoints)}
          note={`${formatNumber(p.onTimeRate.numerator)}/${formatNumber(p.onTimeRate.denominator)} kiến nghị`}
        />
        <FigureCard
          id="median"
          label="Thời gian trả lời (trung vị)"
          value={
            p.medianWorkingDaysToAnswer === null
              ? "—"
              : `${formatNumber(p.medianWorkingDaysToAnswer)} ngày`
          }
          note="ngày làm việc"
        />
        <FigureCard
          id="held"
          label="Buổi đối thoại đã tổ chức"
          value={formatNumber(dashboard.sessions.held)}
          note={`${formatNumber(dashboard.sessions.planned)} theo kế hoạch`}
        />
        <FigureCard
          id="missed"
          label="Lượt tiếp dân bị lỡ"
          value={formatNumber(dashboard.receptions.missed)}
        />
      </ul>

      <ChartImage
        title={`Kiến nghị từng tháng năm ${trend.year}`}
        wide={monthlyTrendUrl(trend.year, trend.months, "wide")}
        narrow={monthlyTrendUrl(trend.year, trend.months, "narrow")}
        description={monthlyTrendDescription(trend.year, trend.months)}
      />

      {dashboard.children.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>Các đơn vị trực thuộc — {periodName(period)}</caption>
            <thead>
              <tr>
                {(Object.keys(COLUMNS) as Column[]).map((column) => (
                  <SortHeader
                    key={column}
                    column={column}
                    label={COLUMNS[column].label}
                    numeric={COLUMNS[column].numeric}
                    sort={sort}
                    href={(next) => query({ sort: next })}
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {dashboard.children.map((row) => (
                <tr key={row.unit.code}>
                  <th scope="row">
                    <Link to={query({ unit: row.unit.code, sort: "name" })}>{row.unit.name}</Link>
                  </th>
                  <td className="number">{formatNumber(row.petitions.received)}</td>
                  <td className="number">{formatNumber(row.petitions.backlog)}</td>
                  <td className="number">{formatNumber(row.petitions.overdue)}</td>
                  <td className="number">{formatRate(row.petitions.onTimeRate.basisPoints)}</td>
                  <td className="number">
                    {row.petitions.medianWorkingDaysToAnswer === null
                      ? "—"
                      : formatNumber(row.petitions.medianWorkingDaysToAnswer)}
                  </td>
                  <td className="number">{formatNumber(row.sessions.held)}</td>
                  <td className="number">{formatNumber(row.receptions.missed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

import { parseMonthlyTrendQuery } from "../charts.ts";
import { monthlyTrendSvg } from "../server/charts.server.ts";
import type { Route } from "./+types/chart";

/**
 * A chart image: drawn from the figures its address holds (and nothing else, so anyone may ask
 * for it and it may be kept for good: the same address always draws the same image).
 */
export function loader({ request }: Route.LoaderArgs) {
  const chart = parseMonthlyTrendQuery(new URL(request.url).searchParams);
  if (!chart) return new Response("Địa chỉ biểu đồ không hợp lệ", { status: 400 });
  return new Response(monthlyTrendSvg(chart.year, chart.months, chart.size), {
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
    },
  });
}

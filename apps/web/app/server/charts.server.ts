import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { ChartSize, MonthFigures } from "../charts.ts";
import { CHART_SIZES } from "../charts.ts";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

const COLORS = { received: "#a50e1e", answered: "#17703a", overdue: "#b36b00" };

/** The charts drawn last, by what they show: the oldest is forgotten first. */
const drawn = new Map<string, string>();
const KEPT = 500;

/**
 * Month by month of a year, drawn by ECharts as SVG on the server: the page carries no chart
 * library, the chart shows without JavaScript, and as an image its own styles are untouched by
 * the page's strict Content-Security-Policy. Drawn for the size it is shown at (a wide chart
 * shrunk to a phone cannot be read); kept by its figures, as drawing costs ~10 ms.
 */
export function monthlyTrendSvg(year: string, months: MonthFigures[], size: ChartSize): string {
  const key = `${year}|${size}|${months.map((m) => `${m.received},${m.answered},${m.overdue}`).join(";")}`;
  const kept = drawn.get(key);
  if (kept) return kept;
  const svg = draw(months, size);
  if (drawn.size >= KEPT) drawn.delete(drawn.keys().next().value as string);
  drawn.set(key, svg);
  return svg;
}

function draw(months: MonthFigures[], size: ChartSize): string {
  const { width, height } = CHART_SIZES[size];
  const narrow = size === "narrow";
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: "Noto Sans, Segoe UI, Roboto, Arial, sans-serif", fontSize: 13 },
    legend: { top: 0, itemGap: narrow ? 10 : 20, textStyle: { fontSize: 13 } },
    grid: { left: narrow ? 36 : 48, right: 12, top: narrow ? 48 : 40, bottom: 28 },
    xAxis: {
      type: "category",
      data: months.map((_, i) => (narrow ? String(i + 1) : `T${i + 1}`)),
      axisLabel: { fontSize: 13, interval: 0 },
    },
    yAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 13 } },
    series: [
      {
        name: "Tiếp nhận",
        type: "bar",
        data: months.map((m) => m.received),
        color: COLORS.received,
      },
      {
        name: "Đã trả lời",
        type: "bar",
        data: months.map((m) => m.answered),
        color: COLORS.answered,
      },
      {
        name: "Quá hạn",
        type: "line",
        data: months.map((m) => m.overdue),
        color: COLORS.overdue,
        symbolSize: 7,
        lineStyle: { width: 3 },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

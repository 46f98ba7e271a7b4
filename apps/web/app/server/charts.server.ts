import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { formatNumber } from "../format.ts";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

export interface MonthFigures {
  received: number;
  answered: number;
  overdue: number;
}

/**
 * A chart as the page shows it: SVG images (base64) for wide screens and for phones, drawn for
 * each (a wide chart shrunk to 375 px cannot be read), and the same figures in words.
 */
export interface DrawnChart {
  wide: string;
  narrow: string;
  description: string;
}

interface Layout {
  width: number;
  height: number;
  fontSize: number;
}

const WIDE: Layout = { width: 720, height: 280, fontSize: 13 };
const NARROW: Layout = { width: 360, height: 300, fontSize: 13 };

const COLORS = { received: "#a50e1e", answered: "#17703a", overdue: "#b36b00" };

/**
 * Month by month of a year, drawn on the server by ECharts as SVG: the page carries no chart
 * library, the chart shows without JavaScript, and it is an image, so the page's strict
 * Content-Security-Policy (no inline styles) does not touch the SVG's own.
 */
export function monthlyTrend(year: string, months: MonthFigures[]): DrawnChart {
  const draw = (layout: Layout) => {
    const chart = echarts.init(null, null, {
      renderer: "svg",
      ssr: true,
      width: layout.width,
      height: layout.height,
    });
    const narrow = layout.width < 500;
    chart.setOption({
      animation: false,
      textStyle: {
        fontFamily: "Noto Sans, Segoe UI, Roboto, Arial, sans-serif",
        fontSize: layout.fontSize,
      },
      legend: { top: 0, itemGap: narrow ? 10 : 20, textStyle: { fontSize: layout.fontSize } },
      grid: { left: narrow ? 36 : 48, right: 12, top: narrow ? 48 : 40, bottom: 28 },
      xAxis: {
        type: "category",
        data: months.map((_, i) => (narrow ? String(i + 1) : `T${i + 1}`)),
        axisLabel: { fontSize: layout.fontSize, interval: 0 },
      },
      yAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: layout.fontSize } },
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
    return Buffer.from(svg).toString("base64");
  };
  const description = `Kiến nghị từng tháng năm ${year}: ${months
    .map(
      (m, i) =>
        `tháng ${i + 1}: ${formatNumber(m.received)} tiếp nhận, ${formatNumber(m.answered)} đã trả lời, ${formatNumber(m.overdue)} quá hạn`,
    )
    .join("; ")}.`;
  return { wide: draw(WIDE), narrow: draw(NARROW), description };
}

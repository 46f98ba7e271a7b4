import { formatNumber } from "./format.ts";

// The charts a page shows are images at addresses that hold what they draw: the page carries
// the figures (small), the server draws the image once per figures (routes/chart.ts), and a
// browser or proxy keeps it for good — the same address always draws the same image.

export interface MonthFigures {
  received: number;
  answered: number;
  overdue: number;
}

export type ChartSize = "wide" | "narrow";

export const CHART_SIZES: Record<ChartSize, { width: number; height: number }> = {
  wide: { width: 720, height: 280 },
  narrow: { width: 360, height: 300 },
};

const SERIES = ["received", "answered", "overdue"] as const;

/** `/bieu-do/kien-nghi-theo-thang.svg?nam=2026&kho=wide&tiep-nhan=…&tra-loi=…&qua-han=…`. */
export function monthlyTrendUrl(year: string, months: MonthFigures[], size: ChartSize): string {
  const query = new URLSearchParams({ nam: year, kho: size });
  const names = { received: "tiep-nhan", answered: "tra-loi", overdue: "qua-han" };
  for (const series of SERIES) query.set(names[series], months.map((m) => m[series]).join(","));
  return `/bieu-do/kien-nghi-theo-thang.svg?${query}`;
}

/** What the chart shows, in words: its image's text for whoever cannot see it. */
export function monthlyTrendDescription(year: string, months: MonthFigures[]): string {
  return `Kiến nghị từng tháng năm ${year}: ${months
    .map(
      (m, i) =>
        `tháng ${i + 1}: ${formatNumber(m.received)} tiếp nhận, ${formatNumber(m.answered)} đã trả lời, ${formatNumber(m.overdue)} quá hạn`,
    )
    .join("; ")}.`;
}

/** The figures of a chart's address, or undefined when it is not one `monthlyTrendUrl` makes. */
export function parseMonthlyTrendQuery(
  query: URLSearchParams,
): { year: string; size: ChartSize; months: MonthFigures[] } | undefined {
  const year = query.get("nam") ?? "";
  const size = query.get("kho");
  if (!/^\d{4}$/.test(year) || (size !== "wide" && size !== "narrow")) return undefined;
  const series = ["tiep-nhan", "tra-loi", "qua-han"].map((name) =>
    (query.get(name) ?? "").split(",").map((n) => (/^\d{1,9}$/.test(n) ? Number(n) : Number.NaN)),
  );
  if (series.some((values) => values.length !== 12 || values.some(Number.isNaN))) return undefined;
  const [received, answered, overdue] = series as [number[], number[], number[]];
  return {
    year,
    size,
    months: received.map((r, i) => ({
      received: r,
      answered: answered[i] as number,
      overdue: overdue[i] as number,
    })),
  };
}

import { cpus } from "node:os";

/** The median, the 99th percentile and the worst of some durations, in ms. */
export function summarize(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { count: sorted.length, median: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

export interface LatencyRow {
  name: string;
  samples: readonly number[];
  /** Extra columns, e.g. requests per second. */
  extra?: Record<string, string>;
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)}` : "—");

/** A Markdown table of latency rows, each with its ratio to the first (the baseline). */
export function latencyTable(title: string, description: string, rows: LatencyRow[]): string {
  const [baseline] = rows.map((r) => summarize(r.samples));
  const extraColumns = [...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {})))];
  const lines = [
    `### ${title}`,
    "",
    description,
    "",
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.versions.node}.`,
    "",
    `| variant | samples | median ms | p99 ms | max ms | p99 vs baseline |${extraColumns.map((c) => ` ${c} |`).join("")}`,
    `| --- | ---: | ---: | ---: | ---: | ---: |${extraColumns.map(() => " ---: |").join("")}`,
  ];
  for (const row of rows) {
    const s = summarize(row.samples);
    const ratio = baseline && baseline.p99 > 0 ? `${(s.p99 / baseline.p99).toFixed(2)}×` : "—";
    lines.push(
      `| ${row.name} | ${s.count} | ${ms(s.median)} | ${ms(s.p99)} | ${ms(s.max)} | ${ratio} |${extraColumns.map((c) => ` ${row.extra?.[c] ?? ""} |`).join("")}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

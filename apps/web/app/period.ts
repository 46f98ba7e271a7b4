// Periods as the gateway names them — a day `2026-12-03`, a month `2026-12`, a quarter
// `2026-Q4`, a year `2026` — and the moves a period picker offers between them.

export type PeriodKind = "day" | "month" | "quarter" | "year";

const pad = (n: number) => String(n).padStart(2, "0");

export function periodKind(key: string): PeriodKind {
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return "day";
  if (/^\d{4}-Q[1-4]$/.test(key)) return "quarter";
  if (/^\d{4}-\d{2}$/.test(key)) return "month";
  return "year";
}

/** The period's first day, as a calendar date `yyyy-mm-dd`. */
function firstDay(key: string): { year: number; month: number; day: number } {
  const [year = 0, second = "1", third = "1"] = key.split("-");
  const y = Number(year);
  if (second.startsWith("Q"))
    return { year: y, month: (Number(second.slice(1)) - 1) * 3 + 1, day: 1 };
  return { year: y, month: Number(second), day: Number(third) };
}

function keyOf(kind: PeriodKind, date: { year: number; month: number; day: number }): string {
  switch (kind) {
    case "day":
      return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
    case "month":
      return `${date.year}-${pad(date.month)}`;
    case "quarter":
      return `${date.year}-Q${Math.ceil(date.month / 3)}`;
    case "year":
      return String(date.year);
  }
}

/** The period of another kind that holds this one's first day (a month's quarter, …). */
export function asKind(key: string, kind: PeriodKind): string {
  return keyOf(kind, firstDay(key));
}

/** The period `steps` before (negative) or after this one, of the same kind. */
export function shiftPeriod(key: string, steps: number): string {
  const kind = periodKind(key);
  const start = firstDay(key);
  if (kind === "day") {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + steps));
    return keyOf("day", {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
    });
  }
  const months = { month: 1, quarter: 3, year: 12 }[kind] * steps;
  const index = start.year * 12 + (start.month - 1) + months;
  return keyOf(kind, { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 });
}

// How numbers, dates and rates read in Vietnamese: dd/MM/yyyy in Asia/Ho_Chi_Minh, "1.234",
// "85,3 %". The same on the server and in the browser, whatever either's own zone and locale.

const ZONE = "Asia/Ho_Chi_Minh";
const day = new Intl.DateTimeFormat("vi-VN", {
  timeZone: ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
const time = new Intl.DateTimeFormat("vi-VN", {
  timeZone: ZONE,
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});
const integer = new Intl.NumberFormat("vi-VN");
const oneDecimal = new Intl.NumberFormat("vi-VN", {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** `03/12/2026`: an instant's day in Vietnam, or a calendar day (`2026-12-03`) as it is. */
export function formatDate(value: string | Date): string {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-");
    return `${d}/${m}/${y}`;
  }
  const parts = Object.fromEntries(
    day.formatToParts(new Date(value)).map((part) => [part.type, part.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year}`;
}

/** `14:05:09 03/12/2026`: the time and day in Vietnam. */
export function formatDateTime(value: string | Date): string {
  return `${time.format(new Date(value))} ${formatDate(value)}`;
}

/** `14:05:09` in Vietnam. */
export const formatTime = (value: string | Date) => time.format(new Date(value));

/** `12.345`. */
export const formatNumber = (value: number) => integer.format(value);

/** A rate in basis points as `85,3 %`; "—" when there is nothing to divide by. */
export function formatRate(basisPoints: number | null): string {
  return basisPoints === null ? "—" : `${oneDecimal.format(basisPoints / 100)} %`;
}

/** Sorts text as Vietnamese readers expect (Đ after D, Ơ and Ư after O and U). */
export const vietnameseOrder = new Intl.Collator("vi").compare;

/** `Tháng 12/2026`, `Quý IV/2026`, `Năm 2026`, `Ngày 03/12/2026`: a period key in words. */
export function periodName(key: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return `Quý ${["I", "II", "III", "IV"][Number(quarter[2]) - 1]}/${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return `Tháng ${Number(month[2])}/${month[1]}`;
  if (/^\d{4}$/.test(key)) return `Năm ${key}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return `Ngày ${formatDate(key)}`;
  return key;
}

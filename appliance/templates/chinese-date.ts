/** China Standard Time, UTC+8 all year (no daylight saving since 1991). */
const CST_OFFSET_MS = 8 * 3600_000;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** 2026-11-05 → 2026年11月5日: Arabic numerals without leading zeros, as GB/T 9704-2012 dates documents. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The calendar date in China of an instant, YYYY-MM-DD (a kiosk at 07:30 Beijing time is 23:30 UTC the day before). */
export function chinaDateOf(time: Date): string {
  return new Date(time.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

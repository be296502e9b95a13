import { formatChineseDate } from '@/lib/rules';

/** The API's timestamps are UTC; people here read Beijing time. */
export const TIME_ZONE = 'Asia/Shanghai';

const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const DATE = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric' });

/** `2027-02-27T13:56:24Z` → `2027年2月27日 21:56` (Beijing time). */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date);
}

/** The Beijing calendar day of a timestamp: `2026-12-31T16:30:00Z` → `2027年1月1日`. */
export function formatDayOf(iso: string | number): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : DATE.format(date);
}

/** A calendar date of a record (`2023-07-01`, no time zone) → `2023年7月1日`. */
export const formatDate = formatChineseDate;

/** The Beijing day `days` days from `now`: when a report created now would expire. */
export function dayAfter(days: number, now: number = Date.now()): string {
  return formatDayOf(now + days * 24 * 60 * 60 * 1000);
}

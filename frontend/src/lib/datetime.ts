/**
 * Timestamps for staff screens, in the browser's own time zone: the API's instants are UTC
 * (RFC 3339), people read them as local wall-clock time.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-29T15:37:30Z` → `2026-11-29 23:37:30` (local; without seconds when `seconds` is false). */
export function formatLocalDateTime(iso: string, { seconds = true }: { seconds?: boolean } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}${seconds ? `:${pad(date.getSeconds())}` : ''}`;
  return `${day} ${time}`;
}

/** Whether an instant (or `null`) is still ahead of `now`. */
export function isInFuture(iso: string | null | undefined, now: number = Date.now()): boolean {
  if (!iso) return false;
  const at = Date.parse(iso);
  return !Number.isNaN(at) && at > now;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day typed in a date input (`YYYY-MM-DD`), as the instants that bound it in the
 * browser's time zone: its start, or (with `end`) the start of the next day, in RFC 3339 UTC.
 * Anything else comes back unchanged, for the server to judge.
 */
export function localDayBound(day: string, { end = false }: { end?: boolean } = {}): string {
  const match = DAY.exec(day.trim());
  if (!match) return day;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(year, month - 1, date + (end ? 1 : 0));
  // `new Date` rolls 2026-02-31 over into March: a day that does not exist goes to the server as typed.
  const check = new Date(year, month - 1, date);
  if (check.getFullYear() !== year || check.getMonth() !== month - 1 || check.getDate() !== date) return day;
  return start.toISOString();
}

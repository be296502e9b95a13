/** How long a verification report stays valid: 30–365 days (the server's `valid_days`). */
export const MIN_VALID_DAYS = 30;
export const MAX_VALID_DAYS = 365;

/** The choices offered; anything else in range can be typed in. */
export const VALID_DAYS_PRESETS = [
  { days: 30, label: '30 天' },
  { days: 90, label: '90 天（约 3 个月）' },
  { days: 180, label: '180 天（约半年）' },
  { days: 365, label: '365 天（1 年）' },
] as const;

/** What is wrong with a typed number of days, or `null`. Full-width digits are fine. */
export function validDaysProblem(raw: string): string | null {
  const value = raw.normalize('NFKC').trim();
  if (value === '') return '请填写有效天数。';
  if (!/^\d+$/.test(value)) return '有效天数请填写整数。';
  const days = Number(value);
  if (days < MIN_VALID_DAYS || days > MAX_VALID_DAYS) return `有效期应在 ${MIN_VALID_DAYS} 到 ${MAX_VALID_DAYS} 天之间。`;
  return null;
}

export function parseValidDays(raw: string): number {
  return Number(raw.normalize('NFKC').trim());
}

/**
 * Mainland mobile numbers, with the same rules, codes and messages as the server
 * (`backend/src/rules/phone.rs`): 11 digits starting `1[3-9]`; spaces, hyphens and a `+86`/`86`
 * prefix are accepted and stripped. Keep the two in step.
 */
import { serverTrim } from './email';
import type { RuleError } from './rule-error';

export const PHONE_MESSAGES = {
  phone_required: '请填写手机号。',
  phone_invalid: '请输入 11 位中国大陆手机号，例如 13812345678。',
} as const;

/** The 11 digits the server keeps, or `null` when `raw` is not a mainland mobile number. */
export function normalizeMobile(raw: string): string | null {
  const compact = serverTrim(raw).replace(/[ -]/g, '');
  const digits = compact.startsWith('+86') ? compact.slice(3) : compact.length === 13 && compact.startsWith('86') ? compact.slice(2) : compact;
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** The first rule `raw` breaks, or `null`. */
export function validateMobile(raw: string): RuleError | null {
  if (serverTrim(raw).replace(/[ -]/g, '') === '') return { code: 'phone_required', message: PHONE_MESSAGES.phone_required };
  if (normalizeMobile(raw) === null) return { code: 'phone_invalid', message: PHONE_MESSAGES.phone_invalid };
  return null;
}

export const SMS_CODE_MESSAGES = {
  code_required: '请填写短信中的 6 位校验码。',
  code_format: '校验码是 6 位数字。',
} as const;

/** The SMS code: 6 ASCII digits after trimming (the server's `code_format`); empty: `code_required` (client only). */
export function validateSmsCode(raw: string): RuleError | null {
  const typed = serverTrim(raw);
  if (typed === '') return { code: 'code_required', message: SMS_CODE_MESSAGES.code_required };
  if (!/^\d{6}$/.test(typed)) return { code: 'code_format', message: SMS_CODE_MESSAGES.code_format };
  return null;
}

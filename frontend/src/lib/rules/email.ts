/**
 * Email addresses, with the same rules, codes and messages as the server
 * (`backend/src/rules/email.rs`): trimmed and lower-cased, at most 254 bytes, ASCII only,
 * `local@domain.tld` with RFC 5321-ish limits. Keep the two in step.
 */
import type { RuleError } from './rule-error';

/** Longest address SMTP can carry (RFC 5321), in bytes. */
export const EMAIL_MAX_LEN = 254;
const LOCAL_MAX_LEN = 64;
const LABEL_MAX_LEN = 63;

export const EMAIL_MESSAGES = {
  email_required: '请填写电子邮箱。',
  email_too_long: '电子邮箱地址过长（最多 254 个字符）。',
  email_not_ascii: '电子邮箱只能包含英文字母、数字和符号，请检查是否输入了中文或全角字符。',
  email_invalid: '电子邮箱格式不正确，应类似 name@example.com。',
} as const;

export type EmailRuleCode = keyof typeof EMAIL_MESSAGES;

// Rust's `str::trim` removes Unicode White_Space; JavaScript's `trim` differs slightly
// (it also removes U+FEFF and keeps U+0085), so the server's set is spelled out here.
const WHITE_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${WHITE_SPACE}]+|[${WHITE_SPACE}]+$`, 'g');

/** Trims white space the way the server does (Unicode `White_Space`, incl. the full-width space). */
export function serverTrim(raw: string): string {
  return raw.replace(TRIM, '');
}

/** The form the server stores and compares: trimmed, lower-case. */
export function normalizeEmail(raw: string): string {
  return serverTrim(raw).toLowerCase();
}

const encoder = new TextEncoder();
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;
const LOCAL_CHAR = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/;
const LABEL = /^[A-Za-z0-9-]+$/;
const TLD = /^[A-Za-z]{2,}$/;

function validLocal(local: string): boolean {
  return (
    local.length > 0 &&
    local.length <= LOCAL_MAX_LEN &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    LOCAL_CHAR.test(local)
  );
}

function validDomain(domain: string): boolean {
  const labels = domain.split('.');
  return (
    labels.length >= 2 &&
    labels.every(
      (label) => label.length > 0 && label.length <= LABEL_MAX_LEN && !label.startsWith('-') && !label.endsWith('-') && LABEL.test(label),
    ) &&
    TLD.test(labels[labels.length - 1] ?? '')
  );
}

function fail(code: EmailRuleCode): RuleError {
  return { code, message: EMAIL_MESSAGES[code] };
}

/** The first rule `raw` breaks (in the server's order), or `null` for an acceptable address. */
export function validateEmail(raw: string): RuleError | null {
  const value = normalizeEmail(raw);
  if (value.length === 0) return fail('email_required');
  if (encoder.encode(value).length > EMAIL_MAX_LEN) return fail('email_too_long');
  if (!ASCII.test(value)) return fail('email_not_ascii');
  const at = value.lastIndexOf('@');
  if (at < 0) return fail('email_invalid');
  if (!validLocal(value.slice(0, at)) || !validDomain(value.slice(at + 1))) return fail('email_invalid');
  return null;
}

/** `true` when the server would accept `raw` as an address. */
export function isValidEmail(raw: string): boolean {
  return validateEmail(raw) === null;
}

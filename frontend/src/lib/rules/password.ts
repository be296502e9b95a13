/**
 * Passwords, with the same rules, codes and messages as the server
 * (`backend/src/rules/password.rs`): 6–64 ASCII letters and digits, not the email or its name part.
 * The server also refuses common passwords (`password_too_common`, a 350 KB list): that check
 * stays on the server and its message is shown under the field when it answers.
 */
import { isValidEmail, normalizeEmail } from './email';
import type { RuleError } from './rule-error';

export const PASSWORD_MIN_LEN = 6;
export const PASSWORD_MAX_LEN = 64;

/** The rules in a few words, for field hints. */
export const PASSWORD_HINT = `${PASSWORD_MIN_LEN}–${PASSWORD_MAX_LEN} 位英文字母或数字`;

export const PASSWORD_MESSAGES = {
  password_too_short: `密码至少需要 ${PASSWORD_MIN_LEN} 位。`,
  password_too_long: `密码最多 ${PASSWORD_MAX_LEN} 位。`,
  password_invalid_characters: '密码只能由英文字母和数字组成，不能包含空格、符号或中文。',
  password_equals_email: '密码不能与邮箱或邮箱用户名相同。',
} as const;

export type PasswordRuleCode = keyof typeof PASSWORD_MESSAGES;

const LETTERS_AND_DIGITS = /^[A-Za-z0-9]*$/;

function fail(code: PasswordRuleCode): RuleError {
  return { code, message: PASSWORD_MESSAGES[code] };
}

/**
 * The first rule `raw` breaks (in the server's order), or `null`. The password is not trimmed:
 * spaces are characters. `email` is the account's address as typed; when it is missing or not
 * a valid address (as on the reset page, where it is unknown), the email rule is skipped, as the
 * server does when the email itself is invalid.
 */
export function validatePassword(raw: string, email?: string | null): RuleError | null {
  const length = [...raw].length; // code points, like Rust's `chars().count()`
  if (length < PASSWORD_MIN_LEN) return fail('password_too_short');
  if (length > PASSWORD_MAX_LEN) return fail('password_too_long');
  if (!LETTERS_AND_DIGITS.test(raw)) return fail('password_invalid_characters');
  if (email != null && isValidEmail(email)) {
    const address = normalizeEmail(email);
    const name = address.split('@')[0] ?? '';
    const lower = raw.toLowerCase();
    if (lower === address || lower === name.toLowerCase()) return fail('password_equals_email');
  }
  return null;
}

export const CONFIRM_MESSAGES = {
  confirm_required: '请再次输入密码。',
  confirm_mismatch: '两次输入的密码不一致。',
} as const;

/** The confirmation field (client-only): filled in and equal to the password. */
export function validateConfirmation(password: string, confirmation: string): RuleError | null {
  if (confirmation.length === 0) return { code: 'confirm_required', message: CONFIRM_MESSAGES.confirm_required };
  if (confirmation !== password) return { code: 'confirm_mismatch', message: CONFIRM_MESSAGES.confirm_mismatch };
  return null;
}

/** The new password repeats the current one (the server's `password_unchanged`). */
export const PASSWORD_UNCHANGED_MESSAGE = '新密码不能与当前密码相同。';

/** "Fill this in" messages of the login form (the server's `email_required` / `password_required`). */
export const REQUIRED_MESSAGES = {
  email_required: '请填写电子邮箱。',
  password_required: '请填写密码。',
  current_password_required: '请填写当前密码。',
} as const;

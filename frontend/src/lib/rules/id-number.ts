/**
 * Resident ID numbers (GB 11643-1999), with the same rules, codes, order and Chinese messages as
 * the server (`backend/src/rules/id_number.rs`): 18 characters, the first 17 digits and the last a
 * digit or `X` (a lowercase `x` is accepted and stored upper-case), a province-level code, a real
 * birth date YYYYMMDD (characters 7–14) not in the future and not before 1900, and the ISO 7064
 * MOD 11-2 check character. Keep the two in step.
 */
import { serverTrim } from './email';
import type { RuleError } from './rule-error';

/**
 * Province-level codes that start real ID numbers: the 31 mainland provinces, Taiwan (71) and
 * the residence permits of Hong Kong (81), Macao (82) and Taiwan (83) residents.
 */
export const PROVINCE_CODES: readonly string[] = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43',
  '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
];

export const ID_NUMBER_LENGTH = 18;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

export type IdNumberRuleCode =
  | 'id_number_required'
  | 'id_number_length'
  | 'id_number_format'
  | 'id_number_region'
  | 'id_number_birth_date'
  | 'id_number_checksum';

export type Sex = '男' | '女';

/** A valid number and what it encodes. */
export interface IdNumberInfo {
  /** 18 characters, final `X` upper-case. */
  idNumber: string;
  /** `YYYY-MM-DD`, as the server's `birth_date`. */
  birthDate: string;
  /** From the 17th digit: odd 男, even 女. */
  sex: Sex;
}

/** The ISO 7064 MOD 11-2 check character of 17 digits; `null` for anything else. */
export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? null;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether 8 digits `YYYYMMDD` are a real date of the (proleptic) Gregorian calendar. */
export function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Today in China (UTC+8) as `YYYYMMDD`: the server bounds birth dates with China's date. */
export function chinaToday(now: number = Date.now()): string {
  const date = new Date(now + 8 * 3600 * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
}

/** Rust's `to_ascii_uppercase`: only a–z change (JavaScript's would turn `ß` into `SS`). */
function asciiUpperCase(value: string): string {
  return value.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/** The form the server stores: trimmed, a final `x` upper-case. */
export function normalizeIdNumber(raw: string): string {
  return asciiUpperCase(serverTrim(raw));
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

function fail(code: IdNumberRuleCode, message: string): { ok: false; error: RuleError } {
  return { ok: false, error: { code, message } };
}

/**
 * Checks `raw` against every rule, in the server's order. `now` (a `Date.now()` timestamp)
 * bounds the birth date, as China's date.
 */
export function parseIdNumber(raw: string, now: number = Date.now()): { ok: true; value: IdNumberInfo } | { ok: false; error: RuleError } {
  const value = normalizeIdNumber(raw);
  const chars = [...value].length; // code points, like Rust's `chars().count()`
  if (chars === 0) return fail('id_number_required', '请填写身份证号。');
  if (chars !== ID_NUMBER_LENGTH) return fail('id_number_length', `身份证号应为 18 位，您输入了 ${chars} 位。`);
  const first17 = value.slice(0, 17);
  const last = value.slice(17);
  if (!ASCII.test(value) || !/^\d{17}$/.test(first17) || !/^[\dX]$/.test(last)) {
    return fail('id_number_format', '身份证号前 17 位必须是数字，最后一位是数字或字母 X。');
  }
  const region = value.slice(0, 2);
  if (!PROVINCE_CODES.includes(region)) {
    return fail('id_number_region', `身份证号前两位 ${region} 不是有效的省级行政区代码，请检查。`);
  }
  const birth = value.slice(6, 14);
  if (!isCalendarDate(birth)) {
    return fail('id_number_birth_date', `身份证号中的出生日期 ${birth} 不是真实的日期，请检查第 7–14 位。`);
  }
  if (birth > chinaToday(now) || Number(birth.slice(0, 4)) < 1900) {
    return fail('id_number_birth_date', '身份证号中的出生日期（第 7–14 位）不能晚于今天或早于 1900 年。');
  }
  if (last !== idCheckChar(first17)) {
    return fail('id_number_checksum', '身份证号校验位不正确，可能有数字输错了，请逐位核对。');
  }
  return {
    ok: true,
    value: {
      idNumber: value,
      birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
      sex: Number(value[16]) % 2 === 1 ? '男' : '女',
    },
  };
}

/** The first rule `raw` breaks (in the server's order), or `null` for a valid number. */
export function validateIdNumber(raw: string, now: number = Date.now()): RuleError | null {
  const result = parseIdNumber(raw, now);
  return result.ok ? null : result.error;
}

/** All but the first 6 and last 4 characters masked: `110105********002X` (as the server does). */
export function maskIdNumber(id: string): string {
  const chars = [...id];
  if (chars.length <= 10) return '*'.repeat(chars.length);
  return chars.map((c, i) => (i < 6 || i >= chars.length - 4 ? c : '*')).join('');
}

/** `1949-12-31` → `1949年12月31日`; anything else unchanged. */
export function formatChineseDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

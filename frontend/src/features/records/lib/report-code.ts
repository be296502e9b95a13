/**
 * Verification report codes: 16 characters of `23456789ABCDEFGHJKMNPQRSTUVWXYZ` (no 0/O, 1/I/L,
 * so a printed or read-out code is not misread), as `backend/src/records/service.rs` makes them.
 * People type them in lower case, in groups, with spaces or hyphens, from a phone's full-width
 * keyboard: `normalizeReportCode` turns all that into the stored form, as the server does.
 */
export const REPORT_CODE_LENGTH = 16;
const CODE_CHARS = /^[2-9A-HJKMNP-Z]+$/;

/** Upper-case, without spaces and hyphens (full-width ones too): the form the server looks up. */
export function normalizeReportCode(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\-\u2010-\u2015\u2212\u30fc]/g, '')
    .toUpperCase();
}

/** `V4U3GMN8DAW7C6FM` → `V4U3 GMN8 DAW7 C6FM` (4-4-4-4, for reading aloud and copying by hand). */
export function groupReportCode(code: string, separator = ' '): string {
  const normalized = normalizeReportCode(code);
  return (normalized.match(/.{1,4}/g) ?? []).join(separator);
}

/** What is wrong with a typed code (before asking the server), or `null` when it could be one. */
export function reportCodeProblem(raw: string): string | null {
  const code = normalizeReportCode(raw);
  if (code === '') return '请输入验证码。';
  if (!CODE_CHARS.test(code)) {
    return /[01OIL]/.test(code)
      ? '验证码中没有数字 0、1 和字母 O、I、L，请对照报告核对（可能是形近的字符）。'
      : '验证码只包含字母和数字，请对照报告核对。';
  }
  if (code.length !== REPORT_CODE_LENGTH) return `验证码是 ${REPORT_CODE_LENGTH} 位，你输入了 ${code.length} 位。`;
  return null;
}

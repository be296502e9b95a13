import { describe, expect, it } from 'vitest';

import { dayAfter, formatDate, formatDateTime, formatDayOf } from '@/lib/format';
import { groupReportCode, normalizeReportCode, reportCodeProblem } from './report-code';
import { validDaysProblem } from './valid-days';
import { ENROLLMENT_STATUSES, enrollmentStatusInfo, REPORT_STATES } from '@/lib/record-vocab';

describe('report codes', () => {
  it('normalises what people type: lower case, spaces, hyphens, full-width characters', () => {
    expect(normalizeReportCode('v4u3-gmn8-daw7-c6fm')).toBe('V4U3GMN8DAW7C6FM');
    expect(normalizeReportCode('  V4U3 GMN8\tDAW7 c6fm ')).toBe('V4U3GMN8DAW7C6FM');
    expect(normalizeReportCode('Ｖ４Ｕ３－ＧＭＮ８　ＤＡＷ７—Ｃ６ＦＭ')).toBe('V4U3GMN8DAW7C6FM');
  });

  it('groups a code 4-4-4-4 for reading', () => {
    expect(groupReportCode('V4U3GMN8DAW7C6FM')).toBe('V4U3 GMN8 DAW7 C6FM');
    expect(groupReportCode('v4u3-gmn8-daw7-c6fm', '-')).toBe('V4U3-GMN8-DAW7-C6FM');
    expect(groupReportCode('V4U3GM')).toBe('V4U3 GM');
  });

  it('says what is wrong before asking the server', () => {
    expect(reportCodeProblem('v4u3 gmn8 daw7 c6fm')).toBeNull();
    expect(reportCodeProblem('  ')).toBe('请输入验证码。');
    expect(reportCodeProblem('V4U3GMN8DAW7C6F')).toBe('验证码是 16 位，你输入了 15 位。');
    expect(reportCodeProblem('V4U3GMN8DAW7C6F0')).toMatch(/没有数字 0、1 和字母 O、I、L/);
    expect(reportCodeProblem('V4U3GMN8DAW7C6F*')).toBe('验证码只包含字母和数字，请对照报告核对。');
  });
});

describe('学籍状态 badges', () => {
  it.each([
    ['在籍', 'enrolled', 'ok'],
    ['休学', 'suspended', 'warn'],
    ['退学', 'withdrawn', 'danger'],
    ['毕业', 'graduated', 'info'],
    ['结业', 'completed', 'violet'],
    ['注销', 'revoked', 'neutral'],
  ])('%s is %s in %s', (chinese, key, tone) => {
    expect(enrollmentStatusInfo(chinese)).toEqual({ key, label: chinese, tone });
  });

  it('gives every status a colour of its own', () => {
    const tones = Object.values(ENROLLMENT_STATUSES).map((status) => status.tone);
    expect(new Set(tones).size).toBe(tones.length);
  });

  it('shows an unknown status as it is, in grey', () => {
    expect(enrollmentStatusInfo('保留学籍')).toEqual({ key: 'unknown', label: '保留学籍', tone: 'neutral' });
  });


  it('names the report states', () => {
    expect(Object.values(REPORT_STATES).map((state) => state.label)).toEqual(['有效', '已过期', '已撤销']);
  });
});

describe('dates', () => {
  it('shows UTC timestamps in Beijing time', () => {
    expect(formatDateTime('2027-02-27T13:56:24.548277Z')).toBe('2027年2月27日 21:56');
    // 16:30 UTC on New Year's Eve is already the next day and year in Beijing.
    expect(formatDateTime('2026-12-31T16:30:00Z')).toBe('2027年1月1日 00:30');
    expect(formatDayOf('2026-12-31T16:30:00Z')).toBe('2027年1月1日');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('shows a record’s calendar dates as they are (no time zone)', () => {
    expect(formatDate('2023-07-01')).toBe('2023年7月1日');
  });

  it('tells the Beijing day a report made now would end', () => {
    expect(dayAfter(90, Date.parse('2026-11-29T13:56:00Z'))).toBe('2027年2月27日');
    expect(dayAfter(30, Date.parse('2026-12-01T17:00:00Z'))).toBe('2027年1月1日');
  });
});

describe('有效天数', () => {
  it('takes a whole number of days from 30 to 365', () => {
    expect(validDaysProblem('30')).toBeNull();
    expect(validDaysProblem('３６５')).toBeNull();
    expect(validDaysProblem(' 120 ')).toBeNull();
    expect(validDaysProblem('')).toBe('请填写有效天数。');
    expect(validDaysProblem('29')).toBe('有效期应在 30 到 365 天之间。');
    expect(validDaysProblem('366')).toBe('有效期应在 30 到 365 天之间。');
    expect(validDaysProblem('45.5')).toBe('有效天数请填写整数。');
  });
});

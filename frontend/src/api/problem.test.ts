import { describe, expect, it } from 'vitest';

import {
  fieldError,
  isProblem,
  NETWORK_ERROR_MESSAGE,
  parseRetryAfter,
  toUiError,
  waitMessage,
  type Problem,
} from './problem';

const response = (status: number) => new Response(null, { status });

describe('toUiError', () => {
  it('shows the detail of a problem and its messages per field', () => {
    const problem: Problem = {
      type: 'https://xuexin.example/problems/validation',
      title: '提交的信息有误',
      status: 422,
      detail: '请按提示修改后再提交。',
      code: 'validation_failed',
      errors: [
        { field: 'email', code: 'invalid_email', message: '请输入有效的邮箱地址' },
        { field: 'password', code: 'too_short', message: '密码至少 6 位' },
        { field: 'password', code: 'too_common', message: '密码过于常见' },
      ],
    };
    const ui = toUiError(problem, response(422));
    expect(ui).toEqual({
      message: '请按提示修改后再提交。',
      fields: { email: '请输入有效的邮箱地址', password: '密码至少 6 位；密码过于常见' },
      status: 422,
      code: 'validation_failed',
    });
    expect(fieldError(ui, 'email')).toBe('请输入有效的邮箱地址');
    expect(fieldError(ui, 'name')).toBeUndefined();
    expect(fieldError(null, 'email')).toBeUndefined();
  });

  it('falls back to the title when there is no detail, and tolerates no errors', () => {
    const ui = toUiError({ type: 'about:blank', title: '未找到', status: 404, detail: '', code: 'not_found' }, response(404));
    expect(ui).toEqual({ message: '未找到', fields: {}, status: 404, code: 'not_found' });
  });

  it('ignores malformed field entries', () => {
    const ui = toUiError({ detail: '出错了', errors: [null, { field: 'a' }, { field: 'b', message: '好' }, 'x'] });
    expect(ui.fields).toEqual({ b: '好' });
  });

  it('explains a body that is not a problem by its status', () => {
    expect(toUiError('<html>Bad Gateway</html>', response(502))).toEqual({
      message: '服务器暂时出了问题（HTTP 502），请稍后重试。',
      fields: {},
      status: 502,
    });
    expect(toUiError(undefined, response(429)).message).toBe('操作太频繁，请稍后再试。');
    expect(toUiError({ foo: 1 }, response(400)).message).toBe('请求未成功（HTTP 400），请稍后重试。');
  });

  it('treats a thrown error without a response as a network error', () => {
    expect(toUiError(new TypeError('Failed to fetch'))).toEqual({ message: NETWORK_ERROR_MESSAGE, fields: {} });
  });
});

describe('isProblem', () => {
  it('recognises problem bodies only', () => {
    expect(isProblem({ title: 'x' })).toBe(true);
    expect(isProblem({ detail: 'x' })).toBe(true);
    expect(isProblem({ status: 500 })).toBe(false);
    expect(isProblem('detail')).toBe(false);
    expect(isProblem(null)).toBe(false);
    expect(isProblem([])).toBe(false);
  });
});

describe('Retry-After', () => {
  it('is read from the response, in seconds', () => {
    const problem = { detail: '密码错误次数过多', code: 'account_locked', status: 429 };
    const response = new Response(null, { status: 429, headers: { 'Retry-After': '840' } });
    expect(toUiError(problem, response).retryAfterSeconds).toBe(840);
    expect(toUiError('x', response).retryAfterSeconds).toBe(840);
    expect(toUiError(problem, new Response(null, { status: 429 }))).not.toHaveProperty('retryAfterSeconds');
  });

  it('accepts seconds or an HTTP date', () => {
    const now = Date.parse('2026-09-01T08:00:00Z');
    expect(parseRetryAfter('60', now)).toBe(60);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 01 Sep 2026 08:02:30 GMT', now)).toBe(150);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('is said in whole minutes, rounded up', () => {
    expect(waitMessage(1)).toBe('请在 1 分钟后再试。');
    expect(waitMessage(60)).toBe('请在 1 分钟后再试。');
    expect(waitMessage(61)).toBe('请在 2 分钟后再试。');
    expect(waitMessage(900)).toBe('请在 15 分钟后再试。');
    expect(waitMessage(3600)).toBe('请在 60 分钟后再试。');
  });

  it('is said in hours beyond an hour (a daily limit)', () => {
    expect(waitMessage(3601)).toBe('请在 2 小时后再试。');
    expect(waitMessage(86_400)).toBe('请在 24 小时后再试。');
  });
});

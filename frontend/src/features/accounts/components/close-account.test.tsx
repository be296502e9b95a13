import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

const logIn = () => session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });
const me = { id: 'a1', email: 'li.ming@example.cn', status: 'active', created_at: '2026-09-01T08:00:00Z' };

describe('注销账号', () => {
  it('is reached from 个人中心 and explains what ends, what is erased and that records stay', async () => {
    logIn();
    stubApi({ 'GET /api/v1/me': () => json(200, me) });
    const router = await renderApp('/me');
    await userEvent.click(screen.getByRole('link', { name: '注销账号' }));
    await screen.findByTestId('me-close');
    expect(router.state.location.pathname).toBe('/me/close');
    const text = screen.getByTestId('closing-explained').textContent ?? '';
    for (const part of ['所有设备', '在线验证报告全部失效', '照片校对申请会自动撤回', '邮箱和手机号会立即释放', '30 天后', '身份证号', '学籍和学历记录属于学校']) {
      expect(text).toContain(part);
    }
  });

  it('asks for the password and the confirmation before sending anything', async () => {
    logIn();
    const { calls } = stubApi({});
    await renderApp('/me/close');
    await userEvent.click(screen.getByRole('button', { name: '注销账号' }));
    expect(fieldMessage('password')).toBe('请填写当前密码。');
    expect(fieldMessage('confirm')).toBe('请勾选确认：我已了解注销后账号无法恢复。');
    expect(document.activeElement).toBe(input('当前密码'));
    await userEvent.type(input('当前密码'), 'Xuexin2026ok');
    await userEvent.click(screen.getByRole('button', { name: '注销账号' }));
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: /注销后账号无法恢复/ }));
    expect(calls).toEqual([]);
    expect(session.isLoggedIn()).toBe(true);
  });

  it('shows a wrong password next to the field and keeps the student logged in', async () => {
    logIn();
    stubApi({
      'POST /api/v1/me/closure': () =>
        problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [{ field: 'password', code: 'password_incorrect', message: '密码不正确。' }]),
    });
    await renderApp('/me/close');
    await userEvent.type(input('当前密码'), 'Wrong1234');
    await userEvent.click(screen.getByRole('checkbox', { name: /注销后账号无法恢复/ }));
    await userEvent.click(screen.getByRole('button', { name: '注销账号' }));
    await waitFor(() => expect(fieldMessage('password')).toBe('密码不正确。'));
    expect(document.activeElement).toBe(input('当前密码'));
    expect(session.isLoggedIn()).toBe(true);
  });

  it('shows a lockout on top of the form', async () => {
    logIn();
    stubApi({
      'POST /api/v1/me/closure': () => problem(429, 'account_locked', '密码错误次数过多，账号已被暂时锁定，请稍后再试。', undefined, { 'Retry-After': '900' }),
    });
    await renderApp('/me/close');
    await userEvent.type(input('当前密码'), 'Wrong1234');
    await userEvent.click(screen.getByRole('checkbox', { name: /注销后账号无法恢复/ }));
    await userEvent.click(screen.getByRole('button', { name: '注销账号' }));
    expect((await screen.findByRole('alert')).textContent).toContain('账号已被暂时锁定');
    expect(session.isLoggedIn()).toBe(true);
  });

  it('closes the account, logs out and shows the confirmation with the erasure date', async () => {
    logIn();
    const { calls } = stubApi({
      'POST /api/v1/me/closure': () => json(200, { closed_at: '2026-12-03T09:00:00Z', erased_after: '2027-01-02T09:00:00Z' }),
    });
    const router = await renderApp('/me/close');
    await userEvent.type(input('当前密码'), 'Xuexin2026ok');
    await userEvent.click(screen.getByRole('checkbox', { name: /注销后账号无法恢复/ }));
    await userEvent.click(screen.getByRole('button', { name: '注销账号' }));
    await screen.findByTestId('account-closed');
    expect(router.state.location.pathname).toBe('/me/closed');
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/me/closure', body: { password: 'Xuexin2026ok', confirm: true }, authorization: 'Bearer access-1' });
    expect(session.isLoggedIn()).toBe(false);
    expect(screen.getByTestId('erased-after').textContent).toContain('2027年1月2日');
    expect(screen.getByTestId('account-closed').textContent).toContain('学籍和学历记录由学校保存');
  });
});

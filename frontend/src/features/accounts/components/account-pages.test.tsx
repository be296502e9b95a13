import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { json, noContent, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

const me = { id: 'a1', email: 'li.ming@example.cn', status: 'active', created_at: '2026-09-01T08:00:00Z' };
const logIn = () => session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });

describe('个人中心', () => {
  it('logs out on every device only after a confirmation', async () => {
    logIn();
    const { calls } = stubApi({ 'GET /api/v1/me': () => json(200, me), 'DELETE /api/v1/sessions': () => noContent() });
    const router = await renderApp('/me');
    await screen.findByTestId('me-email');
    await userEvent.click(screen.getByRole('button', { name: '退出所有设备' }));
    expect(screen.getByTestId('confirm-logout-all').textContent).toContain('所有设备');
    await userEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(screen.queryByTestId('confirm-logout-all')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: '退出所有设备' })));
    expect(calls.map((c) => c.method)).toEqual(['GET']);

    await userEvent.click(screen.getByRole('button', { name: '退出所有设备' }));
    await userEvent.click(screen.getByRole('button', { name: '确定退出所有设备' }));
    expect(await screen.findByText('你已在所有设备上退出登录。')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(calls[1]).toMatchObject({ method: 'DELETE', path: '/api/v1/sessions', authorization: 'Bearer access-1' });
    expect(session.isLoggedIn()).toBe(false);
  });

  it('keeps the session when 退出所有设备 gets no answer, and says so', async () => {
    logIn();
    stubApi({ 'GET /api/v1/me': () => json(200, me), 'DELETE /api/v1/sessions': () => Promise.reject(new TypeError('offline')) });
    await renderApp('/me');
    await screen.findByTestId('me-email');
    await userEvent.click(screen.getByRole('button', { name: '退出所有设备' }));
    await userEvent.click(screen.getByRole('button', { name: '确定退出所有设备' }));
    expect((await screen.findByRole('alert')).textContent).toContain('无法连接服务器');
    expect(session.isLoggedIn()).toBe(true);
  });
});

describe('修改密码', () => {
  it('shows password_incorrect under 当前密码, then the success notice', async () => {
    logIn();
    const { calls } = stubApi({
      'PUT /api/v1/me/password': [
        () => problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [
          { field: 'current_password', code: 'password_incorrect', message: '当前密码不正确。' },
        ]),
        () => noContent(),
      ],
    });
    await renderApp('/me/password');
    await userEvent.type(input('当前密码'), 'Wrong1234');
    await userEvent.type(input('新密码'), 'NewPass2026x');
    await userEvent.type(input('确认新密码'), 'NewPass2026x');
    await userEvent.click(screen.getByRole('button', { name: '修改密码' }));
    await waitFor(() => expect(fieldMessage('current_password')).toBe('当前密码不正确。'));
    expect(document.activeElement).toBe(input('当前密码'));

    await userEvent.clear(input('当前密码'));
    await userEvent.type(input('当前密码'), 'Xuexin2026ok');
    await userEvent.click(screen.getByRole('button', { name: '修改密码' }));
    expect((await screen.findByTestId('password-changed')).textContent).toBe('密码已修改，其他设备已退出登录');
    expect(calls[1]).toMatchObject({ body: { current_password: 'Xuexin2026ok', new_password: 'NewPass2026x' }, authorization: 'Bearer access-1' });
    expect(input('当前密码').value).toBe('');
  });

  it('checks the new password with the rules before sending', async () => {
    logIn();
    const { calls } = stubApi({});
    await renderApp('/me/password');
    await userEvent.type(input('当前密码'), 'Xuexin2026ok');
    await userEvent.type(input('新密码'), 'Xuexin2026ok');
    await userEvent.tab();
    expect(fieldMessage('new_password')).toBe('新密码不能与当前密码相同。');
    await userEvent.type(input('新密码'), '!');
    expect(fieldMessage('new_password')).toBe('密码只能由英文字母和数字组成，不能包含空格、符号或中文。');
    expect(calls).toEqual([]);
  });
});

describe('找回密码 and 设置新密码', () => {
  it('says a reset email is on its way (registered or not) and counts down before asking again', async () => {
    const { calls } = stubApi({ 'POST /api/v1/password-resets': () => json(202, { resend_after_seconds: 60 }) });
    await renderApp('/forgot-password');
    await userEvent.type(input('电子邮箱'), 'li.ming@example.cn');
    await userEvent.click(screen.getByRole('button', { name: '发送重置邮件' }));
    expect((await screen.findByTestId('reset-requested')).textContent).toContain(
      '如果该邮箱已注册，我们已发送重置密码的邮件，请在 1 小时内打开邮件中的链接。',
    );
    expect(screen.getByRole('button', { name: /秒后可重新发送/ }).getAttribute('aria-disabled')).toBe('true');
    expect(calls).toHaveLength(1);
  });

  it('sets the new password, ends this browser’s session, and links to 登录', async () => {
    logIn();
    const { calls } = stubApi({ 'POST /api/v1/password-resets/confirm': () => noContent() });
    await renderApp('/reset-password?token=t0k3n');
    await userEvent.type(input('新密码'), 'NewPass2026x');
    await userEvent.type(input('确认新密码'), 'NewPass2026x');
    await userEvent.click(screen.getByRole('button', { name: '设置新密码' }));
    expect((await screen.findByTestId('reset-done')).textContent).toContain('密码已重置，所有设备已退出登录');
    expect(calls[0]!.body).toEqual({ token: 't0k3n', new_password: 'NewPass2026x' });
    expect(session.isLoggedIn()).toBe(false);
    expect(within(screen.getByRole('main')).getByRole('link', { name: '登录' }).getAttribute('href')).toBe('/login');
  });

  it('shows a used link with the way to ask again; a rule under 新密码', async () => {
    stubApi({
      'POST /api/v1/password-resets/confirm': [
        () => problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [
          { field: 'new_password', code: 'password_too_common', message: '这个密码太常见，很容易被猜到，请换一个更独特的密码。' },
        ]),
        () => problem(400, 'token_used', '该重置链接已经用过，请重新申请。', [{ field: 'token', code: 'token_used', message: '该重置链接已经用过，请重新申请。' }]),
      ],
    });
    await renderApp('/reset-password?token=t0k3n');
    await userEvent.type(input('新密码'), 'password123');
    await userEvent.type(input('确认新密码'), 'password123');
    await userEvent.click(screen.getByRole('button', { name: '设置新密码' }));
    await waitFor(() => expect(fieldMessage('new_password')).toBe('这个密码太常见，很容易被猜到，请换一个更独特的密码。'));

    await userEvent.clear(input('新密码'));
    await userEvent.type(input('新密码'), 'Unusual2026x');
    await userEvent.clear(input('确认新密码'));
    await userEvent.type(input('确认新密码'), 'Unusual2026x');
    await userEvent.click(screen.getByRole('button', { name: '设置新密码' }));
    expect((await screen.findByRole('alert')).textContent).toContain('该重置链接已经用过，请重新申请。');
    expect(screen.getByRole('link', { name: '重新申请重置密码' }).getAttribute('href')).toBe('/forgot-password');
    expect(screen.queryByLabelText('新密码', { exact: true })).toBeNull();
  });
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';
import { freezeClock, moveClock } from '@/testing/clock';

const active = {
  status: 'active',
  access_token: 'access-1',
  refresh_token: 'refresh-1',
  token_type: 'Bearer',
  expires_in: 900,
  session_expires_at: new Date(2026, 8, 30, 20, 0).toISOString(), // local 2026-09-30 20:00
};
const me = { id: 'a1', email: 'li.ming@example.cn', status: 'active', created_at: '2026-09-01T08:00:00Z' };

async function logIn(email = 'li.ming@example.cn', password = 'Xuexin2026ok') {
  await userEvent.type(input('电子邮箱'), email);
  await userEvent.type(input('密码'), password);
  await userEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('LoginForm', () => {
  it('logs in and goes to 个人中心 with a session', async () => {
    const { calls } = stubApi({ 'POST /api/v1/sessions': () => json(200, active), 'GET /api/v1/me': () => json(200, me) });
    const router = await renderApp('/login');
    await logIn();
    expect((await screen.findByTestId('me-email')).textContent).toBe('li.ming@example.cn');
    expect(router.state.location.pathname).toBe('/me');
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/sessions', body: { email: 'li.ming@example.cn', password: 'Xuexin2026ok' } });
    expect(calls[1]).toMatchObject({ path: '/api/v1/me', authorization: 'Bearer access-1' });
    expect(session.refreshToken()).toBe('refresh-1');
  });

  it('with 记住我 asks for a remembered session and keeps the login after the browser quits', async () => {
    const { calls } = stubApi({ 'POST /api/v1/sessions': () => json(200, active), 'GET /api/v1/me': () => json(200, me) });
    await renderApp('/login');
    await userEvent.click(screen.getByRole('checkbox', { name: /记住我/ }));
    await logIn();
    await screen.findByTestId('me-email');
    expect(calls[0]).toMatchObject({ path: '/api/v1/sessions', body: { remember_me: true } });
    expect(session.remembered()).toBe(true);
    expect(screen.getByTestId('me-session-end').textContent).toBe('已记住此设备，最迟 2026-09-30 20:00 自动退出（长时间不使用也会退出）');
  });

  it('without 记住我 asks for a session that ends with the browser', async () => {
    const { calls } = stubApi({ 'POST /api/v1/sessions': () => json(200, active), 'GET /api/v1/me': () => json(200, me) });
    await renderApp('/login');
    await logIn();
    await screen.findByTestId('me-email');
    expect(calls[0]).toMatchObject({ path: '/api/v1/sessions', body: { remember_me: false } });
    expect(session.remembered()).toBe(false);
  });

  it('logging in while a session exists ends the previous one on the server first', async () => {
    session.start({ access_token: 'access-0', refresh_token: 'refresh-0' });
    const { calls } = stubApi({
      'POST /api/v1/sessions': () => json(200, active),
      'DELETE /api/v1/sessions/current': () => new Response(null, { status: 204 }),
      'GET /api/v1/me': () => json(200, me),
    });
    await renderApp('/login');
    await logIn();
    await screen.findByTestId('me-email');
    expect(calls.map((c) => `${c.method} ${c.path} ${c.authorization}`)).toEqual([
      'POST /api/v1/sessions null',
      'DELETE /api/v1/sessions/current Bearer access-0',
      'GET /api/v1/me Bearer access-1',
    ]);
    expect(session.refreshToken()).toBe('refresh-1');
  });

  it('returns to a local ?next= path, and ignores one that leads elsewhere', async () => {
    stubApi({ 'POST /api/v1/sessions': () => json(200, active), 'GET /api/v1/me': () => json(200, me) });
    const router = await renderApp('/login?next=/me/password');
    await logIn();
    await screen.findByRole('heading', { level: 1, name: '修改密码' });
    expect(router.state.location.pathname).toBe('/me/password');
  });

  it('ignores a ?next= to another site', async () => {
    stubApi({ 'POST /api/v1/sessions': () => json(200, active), 'GET /api/v1/me': () => json(200, me) });
    const router = await renderApp('/login?next=//evil.example/phish');
    await logIn();
    await screen.findByTestId('me-email');
    expect(router.state.location.pathname).toBe('/me');
  });

  it('sends an unfinished registration to /register/identity with its registration token', async () => {
    stubApi({
      'POST /api/v1/sessions': () => json(200, { status: 'registration_incomplete', registration_token: 'reg-1', expires_in: 7200 }),
      'GET /api/v1/registration': () => json(200, { email: 'li.ming@example.cn', status: 'activated' }),
    });
    const router = await renderApp('/login');
    await logIn();
    expect((await screen.findByTestId('registration-email')).textContent).toBe('li.ming@example.cn');
    expect(router.state.location.pathname).toBe('/register/identity');
    expect(session.registrationToken()).toBe('reg-1');
    expect(session.isLoggedIn()).toBe(false);
  });

  it('says 邮箱或密码不正确 on top, keeps the email and asks for the password again', async () => {
    stubApi({ 'POST /api/v1/sessions': () => problem(401, 'invalid_credentials', '邮箱或密码不正确。') });
    await renderApp('/login');
    await logIn('li.ming@example.cn', 'wrong-one');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('邮箱或密码不正确。');
    expect(input('电子邮箱').value).toBe('li.ming@example.cn');
    expect(input('密码').value).toBe('');
    expect(document.activeElement).toBe(input('密码'));
  });

  it('offers to resend the activation email on 403 account_not_activated, then counts down', async () => {
    const { calls } = stubApi({
      'POST /api/v1/sessions': () =>
        problem(403, 'account_not_activated', '账号尚未激活。请打开注册时收到的激活邮件中的链接；没有收到可以重新发送。'),
      'POST /api/v1/accounts/activation/resend': () => json(202, { resend_after_seconds: 60 }),
    });
    freezeClock();
    await renderApp('/login');
    await logIn(' Li.Ming@Example.cn ');
    expect((await screen.findByRole('alert')).textContent).toContain('账号尚未激活');
    await userEvent.click(screen.getByRole('button', { name: '重新发送激活邮件' }));
    await screen.findByTestId('resend-sent');
    expect(calls[1]).toMatchObject({ path: '/api/v1/accounts/activation/resend', body: { email: 'li.ming@example.cn' } });
    const button = screen.getByRole('button', { name: /秒后可重新发送/ });
    expect(button.textContent).toBe('60 秒后可重新发送');
    // While it counts down, pressing it sends nothing.
    await userEvent.click(button);
    expect(calls).toHaveLength(2);
    moveClock(60_000);
    await waitFor(() => expect(screen.getByRole('button', { name: '重新发送激活邮件' })).toBeTruthy());
  });

  it('shows the lock-out and the wait from Retry-After, in minutes rounded up', async () => {
    stubApi({
      'POST /api/v1/sessions': () =>
        problem(
          429,
          'account_locked',
          '密码错误次数过多，账号已被暂时锁定，请稍后再试，或通过“忘记密码”重置密码。',
          [{ field: 'password', code: 'account_locked', message: '密码错误次数过多，请 15 分钟后再试。' }],
          { 'Retry-After': '781' },
        ),
    });
    await renderApp('/login');
    await logIn();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('账号已被暂时锁定');
    expect(screen.getByTestId('retry-after').textContent).toBe('请在 14 分钟后再试。');
    expect(fieldMessage('password')).toBe('');
  });

  it('shows the server messages of a 422 next to the fields', async () => {
    stubApi({
      'POST /api/v1/sessions': () =>
        problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [
          { field: 'password', code: 'password_required', message: '请填写密码。' },
        ]),
    });
    await renderApp('/login');
    await logIn('li.ming@example.cn', ' ');
    await waitFor(() => expect(fieldMessage('password')).toBe('请填写密码。'));
    expect(document.activeElement).toBe(input('密码'));
    expect(screen.getByRole('alert').textContent).toContain('提交的内容有误');
  });

  it('checks that both fields are filled in before sending', async () => {
    const { calls } = stubApi({});
    await renderApp('/login');
    await userEvent.type(input('电子邮箱'), '   ');
    await userEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(fieldMessage('email')).toBe('请填写电子邮箱。');
    expect(fieldMessage('password')).toBe('请填写密码。');
    expect(calls).toEqual([]);
  });

  it('shows the notice it was sent with (e.g. after logging out)', async () => {
    stubApi({});
    await renderApp('/login', { notice: '你已退出登录。' });
    expect(screen.getByTestId('login-notice').textContent).toBe('你已退出登录。');
  });
});

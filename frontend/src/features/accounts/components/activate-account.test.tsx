import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { json, problem, stubApi } from '@/testing/http';
import { input, renderApp } from '@/testing/render-app';

describe('ActivateAccount', () => {
  it('calls nothing on load; 激活账号 activates, keeps the registration token and continues', async () => {
    const { calls } = stubApi({
      'POST /api/v1/accounts/activation': () => json(200, { status: 'activated', registration_token: 'reg-1', expires_in: 7200 }),
      'GET /api/v1/registration': () => json(200, { email: 'li.ming@example.cn', status: 'activated' }),
    });
    const router = await renderApp('/activate?token=abc_DEF-123');
    await screen.findByRole('button', { name: '激活账号' });
    expect(calls).toEqual([]); // a mail scanner opening the link changes nothing

    await userEvent.click(screen.getByRole('button', { name: '激活账号' }));
    expect((await screen.findByTestId('registration-email')).textContent).toBe('li.ming@example.cn');
    expect(router.state.location.pathname).toBe('/register/identity');
    expect(calls[0]).toMatchObject({ path: '/api/v1/accounts/activation', body: { token: 'abc_DEF-123' } });
    expect(calls[1]).toMatchObject({ path: '/api/v1/registration', authorization: 'Bearer reg-1' });
    expect(sessionStorage.getItem('xuexin.registration_token')).toBe('reg-1');
    expect(session.isLoggedIn()).toBe(false);
    // The real-name step follows, with the registration's progress.
    expect(screen.getByRole('heading', { level: 1, name: '实名注册' })).toBeTruthy();
    expect(screen.getByLabelText('姓名', { exact: true })).toBeTruthy();
    expect(screen.getByTestId('registration-steps').dataset.current).toBe('3');
  });

  it('offers a new activation email for an expired link', async () => {
    const { calls } = stubApi({
      'POST /api/v1/accounts/activation': () => problem(400, 'token_expired', '激活链接已过期，请重新发送激活邮件。'),
      'POST /api/v1/accounts/activation/resend': () => json(202, { resend_after_seconds: 60 }),
    });
    await renderApp('/activate?token=old');
    await userEvent.click(screen.getByRole('button', { name: '激活账号' }));
    expect((await screen.findByRole('alert')).textContent).toContain('激活链接已过期');
    expect(screen.queryByRole('button', { name: '激活账号' })).toBeNull();
    await userEvent.type(input('注册时填写的电子邮箱'), 'li.ming@example.cn');
    await userEvent.click(screen.getByRole('button', { name: '重新发送激活邮件' }));
    await screen.findByTestId('resend-sent');
    expect(calls[1]).toMatchObject({ path: '/api/v1/accounts/activation/resend', body: { email: 'li.ming@example.cn' } });
    expect(screen.getByRole('button', { name: /秒后可重新发送/ })).toBeTruthy();
  });

  it('sends a finished registration to the login page', async () => {
    stubApi({
      'POST /api/v1/accounts/activation': () => problem(409, 'registration_complete', '该账号已完成注册，激活链接已失效，请直接登录。'),
    });
    await renderApp('/activate?token=used');
    await userEvent.click(screen.getByRole('button', { name: '激活账号' }));
    expect((await screen.findByTestId('activate-complete')).textContent).toContain('账号已完成注册');
    expect(within(screen.getByRole('main')).getByRole('link', { name: '登录' }).getAttribute('href')).toBe('/login');
  });

  it('explains a link without its token, and offers to resend', async () => {
    stubApi({});
    await renderApp('/activate');
    expect(screen.getByText('激活链接不完整')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '激活账号' })).toBeNull();
    expect(screen.getByRole('button', { name: '重新发送激活邮件' })).toBeTruthy();
  });
});
